/**
 * The vendored models and the services that opt in to them: every model loads and compiles, every
 * operation a service declares on an API with a model is an operation of that model.
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
});
