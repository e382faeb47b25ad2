/**
 * The vendored models and the services that opt in to them: every model loads and compiles, every
 * operation a service declares on an API with a model is an operation of that model, with one
 * handler, and every action a manifest routes by name is one the service handles. (Services find
 * their operations from the files of their operations folders: src/core/operations-dir.ts.)
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ApiModel, loadModel, modelVersion } from "../../src/core/models/index.js";
import { QueryParams } from "../../src/core/models/query-shapes.js";
import { builtinServices } from "../../src/services.js";

const modelsDir = fileURLToPath(new URL("../../models/", import.meta.url));
const vendored = readdirSync(modelsDir).filter((f) => f.endsWith(".json.gz")).map((f) => f.slice(0, -".json.gz".length));

describe("vendored models", () => {
  it("records the botocore version they come from", () => {
    expect(modelVersion()).toMatch(/^botocore \d+\.\d+\.\d+$/);
    expect(vendored).toEqual(expect.arrayContaining(["dynamodb", "s3", "sqs", "sns", "lambda", "logs", "apigateway", "cognito-idp", "iam", "sts", "cloudfront", "kinesis"]));
  });

  it.each(vendored)("%s: every operation's input check, binding and wire shapes compile", (service) => {
    const model = loadModel(service);
    const protocol = model.metadata.protocol;
    const api = new ApiModel({ service }, protocol === "json" || protocol === "rest-json");
    for (const [name, op] of Object.entries(model.operations)) {
      // An empty input is checked without throwing anything but the style's errors.
      try {
        api.validate(name, {});
      } catch (err) {
        expect((err as Error).name).toMatch(/ValidationException/);
      }
      if (protocol === "rest-json" || protocol === "rest-xml") expect(api.rest(name).binding.method).toBe(op.http!.method);
      if (protocol === "query" && op.input) expect(api.queryShapes().read(op.input.shape, new QueryParams(new Map()))).toEqual({});
    }
  });
});

describe("services with a model", () => {
  it("declare only operations of their model (a handler for every operation, every handler a model operation)", async () => {
    let checked = 0;
    for (const manifest of builtinServices) {
      const def = await manifest.load();
      for (const api of def.apis) {
        if (!api.model) continue;
        const model = loadModel(api.model.service);
        for (const op of api.operations) {
          expect(Object.keys(model.operations), `${def.name}: ${op.name} is not an operation of the ${api.model.service} model`).toContain(op.name);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("answer each model operation with one handler", async () => {
    for (const manifest of builtinServices) {
      const def = await manifest.load();
      for (const api of def.apis.filter((a) => a.model)) {
        const names = api.operations.map((op) => op.name);
        expect(names.filter((n, i) => names.indexOf(n) !== i), `${def.name}/${api.id}: operations with two handlers`).toEqual([]);
      }
    }
  });

  // A manifest names the actions an awsQuery API answers unsigned (routing before the service
  // loads): each is an operation of the model with a handler, and the list names every handler,
  // except STS's, which routes only the actions AWS accepts unsigned.
  const unsignedOnly = new Set(["sts"]);
  it("route by action name exactly the operations they handle", async () => {
    let checked = 0;
    for (const manifest of builtinServices) {
      const def = await manifest.load();
      for (const declared of manifest.apis.filter((a) => a.queryActions)) {
        const api = def.apis.find((a) => a.id === declared.id);
        expect(api, `${manifest.name}: the manifest's API ${declared.id} is not served`).toBeDefined();
        const handled = api!.operations.map((op) => op.name);
        const model = api!.model ? Object.keys(loadModel(api!.model.service).operations) : undefined;
        for (const action of declared.queryActions!) {
          if (model) expect(model, `${manifest.name}/${declared.id}: ${action} is not a model operation`).toContain(action);
          if (!unsignedOnly.has(declared.id)) expect(handled, `${manifest.name}/${declared.id}: ${action} is routed but has no handler`).toContain(action);
          checked++;
        }
        if (!unsignedOnly.has(declared.id)) expect([...declared.queryActions!].sort(), `${manifest.name}/${declared.id}: handlers the manifest does not route`).toEqual([...handled].sort());
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
