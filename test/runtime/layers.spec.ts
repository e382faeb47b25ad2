/**
 * Layers: versions, permissions, and functions that use them (Node.js packages, Python modules,
 * a custom runtime's bootstrap and tools), applied in order as AWS extracts them into /opt.
 */
import {
  AddLayerVersionPermissionCommand,
  CreateFunctionCommand,
  DeleteLayerVersionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  GetLayerVersionPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  RemoveLayerVersionPermissionCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError } from "../helpers/aws-error.js";
import { rawRequest, uniqueName, useServer } from "../helpers/index.js";
import { createFn, decode, ROLE, unixZip, zipOf } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);

async function publish(name: string, files: Record<string, string | [string, number]>, extra: Record<string, unknown> = {}) {
  return lambda().send(new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: unixZip(files) }, ...extra }));
}

describe("layer versions", () => {
  it("publishes numbered versions, reads them by name and ARN, lists them, and deletes without reusing numbers", async () => {
    const name = uniqueName("layer");
    const v1 = await publish(name, { "nodejs/node_modules/a/index.js": "module.exports = 1;" }, { Description: "first", CompatibleRuntimes: ["nodejs20.x"], LicenseInfo: "MIT" });
    expect(v1).toMatchObject({
      LayerArn: `arn:aws:lambda:us-east-1:000000000000:layer:${name}`,
      LayerVersionArn: `arn:aws:lambda:us-east-1:000000000000:layer:${name}:1`,
      Version: 1,
      Description: "first",
      CompatibleRuntimes: ["nodejs20.x"],
      LicenseInfo: "MIT",
      Content: { CodeSha256: expect.any(String), CodeSize: expect.any(Number), Location: expect.stringContaining("http") },
    });
    const zip = await rawRequest(ctx.endpoint, { path: new URL(v1.Content!.Location!).pathname });
    expect(zip.status).toBe(200);
    expect(zip.body.subarray(0, 2).toString()).toBe("PK");
    const v2 = await publish(name, { "python/b.py": "X = 2\n" }, { CompatibleRuntimes: ["python3.12"] });
    expect(v2.Version).toBe(2);
    expect(await lambda().send(new GetLayerVersionCommand({ LayerName: name, VersionNumber: 1 }))).toMatchObject({ Version: 1, Description: "first" });
    expect(await lambda().send(new GetLayerVersionByArnCommand({ Arn: v2.LayerVersionArn! }))).toMatchObject({ Version: 2 });
    const versions = await lambda().send(new ListLayerVersionsCommand({ LayerName: name }));
    expect(versions.LayerVersions!.map((v) => v.Version)).toEqual([2, 1]);
    const py = await lambda().send(new ListLayerVersionsCommand({ LayerName: name, CompatibleRuntime: "python3.12" }));
    expect(py.LayerVersions!.map((v) => v.Version)).toEqual([2]);
    const layers = await lambda().send(new ListLayersCommand({}));
    expect(layers.Layers!.find((l) => l.LayerName === name)).toMatchObject({ LayerArn: v1.LayerArn, LatestMatchingVersion: { Version: 2, LayerVersionArn: v2.LayerVersionArn } });
    const forNode = await lambda().send(new ListLayersCommand({ CompatibleRuntime: "nodejs20.x" }));
    expect(forNode.Layers!.find((l) => l.LayerName === name)?.LatestMatchingVersion?.Version).toBe(1);

    await lambda().send(new DeleteLayerVersionCommand({ LayerName: name, VersionNumber: 2 }));
    await lambda().send(new DeleteLayerVersionCommand({ LayerName: name, VersionNumber: 2 }));
    await expectAwsError(lambda().send(new GetLayerVersionCommand({ LayerName: name, VersionNumber: 2 })), {
      name: "ResourceNotFoundException",
      message: "The resource you requested does not exist.",
      status: 404,
    });
    expect((await publish(name, { "x.txt": "3" })).Version).toBe(3);
  });

  it("grants and revokes lambda:GetLayerVersion in the version's policy", async () => {
    const name = uniqueName("layer");
    await publish(name, { "x.txt": "1" });
    await expectAwsError(lambda().send(new GetLayerVersionPolicyCommand({ LayerName: name, VersionNumber: 1 })), {
      name: "ResourceNotFoundException",
      message: "No policy is associated with the given resource.",
      status: 404,
    });
    const added = await lambda().send(new AddLayerVersionPermissionCommand({ LayerName: name, VersionNumber: 1, StatementId: "everyone", Action: "lambda:GetLayerVersion", Principal: "*" }));
    expect(JSON.parse(added.Statement!)).toEqual({
      Sid: "everyone",
      Effect: "Allow",
      Principal: "*",
      Action: "lambda:GetLayerVersion",
      Resource: `arn:aws:lambda:us-east-1:000000000000:layer:${name}:1`,
    });
    await expectAwsError(lambda().send(new AddLayerVersionPermissionCommand({ LayerName: name, VersionNumber: 1, StatementId: "everyone", Action: "lambda:GetLayerVersion", Principal: "*" })), {
      name: "ResourceConflictException",
      status: 409,
    });
    await expectAwsError(lambda().send(new AddLayerVersionPermissionCommand({ LayerName: name, VersionNumber: 1, StatementId: "bad", Action: "lambda:InvokeFunction", Principal: "*" })), {
      name: "ValidationException",
      status: 400,
    });
    const policy = await lambda().send(new GetLayerVersionPolicyCommand({ LayerName: name, VersionNumber: 1 }));
    expect(JSON.parse(policy.Policy!)).toMatchObject({ Version: "2012-10-17", Statement: [{ Sid: "everyone" }] });
    expect(policy.RevisionId).toBe(added.RevisionId);
    await lambda().send(new RemoveLayerVersionPermissionCommand({ LayerName: name, VersionNumber: 1, StatementId: "everyone" }));
    await expectAwsError(lambda().send(new RemoveLayerVersionPermissionCommand({ LayerName: name, VersionNumber: 1, StatementId: "everyone" })), {
      name: "ResourceNotFoundException",
      message: "Statement everyone is not found in resource policy.",
      status: 404,
    });
  });
});

describe("functions with layers", () => {
  it("a Node.js function requires a package from a layer; later layers win", async () => {
    const base = uniqueName("nodelayer");
    const first = await publish(base, { "nodejs/node_modules/greet/index.js": `module.exports = (n) => "hello " + n;`, "nodejs/node_modules/which/index.js": `module.exports = "first";` });
    const second = await publish(`${base}-b`, { "nodejs/node_modules/which/index.js": `module.exports = "second";` });
    const name = await createFn(lambda(), `exports.handler = async () => ({ greeting: require("greet")("layer"), which: require("which") });`, { Layers: [first.LayerVersionArn!, second.LayerVersionArn!] });
    const config = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name }));
    expect(config.Layers).toEqual([
      { Arn: first.LayerVersionArn, CodeSize: first.Content!.CodeSize },
      { Arn: second.LayerVersionArn, CodeSize: second.Content!.CodeSize },
    ]);
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ greeting: "hello layer", which: "second" });
    // A deleted layer version stays with the functions that use it.
    await lambda().send(new DeleteLayerVersionCommand({ LayerName: base, VersionNumber: 1 }));
    await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Description: "touched" }));
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ greeting: "hello layer", which: "second" });
    await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Layers: [] }));
    expect((await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name }))).Layers).toBeUndefined();
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toMatchObject({ errorType: "Error", errorMessage: expect.stringContaining("Cannot find module 'greet'") });
  });

  it("a Python function imports a dependency from a layer's python directory", async () => {
    const layer = await publish(uniqueName("pylayer"), { "python/shared_lib.py": "def shout(s):\n    return s.upper() + '!'\n", "python/lib/python3.12/site-packages/sitepkg.py": "NAME = 'site'\n" });
    const name = uniqueName("pyfn");
    await lambda().send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "python3.12",
        Role: ROLE,
        Handler: "app.handler",
        Layers: [layer.LayerVersionArn!],
        Code: { ZipFile: unixZip({ "app.py": "import shared_lib, sitepkg\ndef handler(e, c):\n    return [shared_lib.shout('hi'), sitepkg.NAME]\n" }) },
      }),
    );
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual(["HI!", "site"]);
  });

  it("a custom runtime's bootstrap and tools come from a layer (/opt/bootstrap, /opt/bin on PATH)", async () => {
    const layer = await publish(uniqueName("rtlayer"), {
      bootstrap: [`#!/bin/sh\nAPI="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"\nwhile true; do\n  H=$(mktemp)\n  curl -sS -D "$H" "$API/invocation/next" > /dev/null\n  ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$H" | tr -d '[:space:]' | cut -d: -f2)\n  curl -sS "$API/invocation/$ID/response" -d "\\"$(layer-tool)\\"" > /dev/null\ndone\n`, 0o755],
      "bin/layer-tool": [`#!/bin/sh\necho from-layer-tool\n`, 0o755],
    });
    const name = uniqueName("optboot");
    await lambda().send(new CreateFunctionCommand({ FunctionName: name, Runtime: "provided.al2023", Role: ROLE, Handler: "x", Layers: [layer.LayerVersionArn!], Code: { ZipFile: zipOf({ "README": "code lives in the layer" }) } }));
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toBe("from-layer-tool");
  });

  it("refuses more than five layers, a missing version, and two versions of one layer", async () => {
    const name = uniqueName("many");
    const arns: string[] = [];
    for (let i = 0; i < 6; i++) arns.push((await publish(`${name}-${i}`, { "x.txt": String(i) })).LayerVersionArn!);
    const create = (layers: string[]) =>
      lambda().send(new CreateFunctionCommand({ FunctionName: uniqueName("fn"), Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Layers: layers, Code: { ZipFile: zipOf({ "index.js": "" }) } }));
    await expectAwsError(create(arns), { name: "InvalidParameterValueException", message: "Cannot reference more than 5 layers.", status: 400 });
    const missing = `arn:aws:lambda:us-east-1:000000000000:layer:${name}-0:9`;
    await expectAwsError(create([missing]), { name: "InvalidParameterValueException", message: `Layer version ${missing} does not exist.`, status: 400 });
    const again = await publish(`${name}-0`, { "x.txt": "again" });
    await expectAwsError(create([arns[0]!, again.LayerVersionArn!]), { name: "InvalidParameterValueException", status: 400 });
  });

  it("starts a layer's external extension: it registers, gets an INVOKE per invocation and SHUTDOWN when the environment ends", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "la-ext-")), "events.jsonl");
    const ext = `#!/bin/bash
API="http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension"
H=$(mktemp)
curl -sS -D "$H" -X POST -H "Lambda-Extension-Name: recorder" -d '{"events":["INVOKE","SHUTDOWN"]}' "$API/register" > /dev/null
ID=$(grep -Fi Lambda-Extension-Identifier "$H" | tr -d '[:space:]' | cut -d: -f2)
while true; do
  EVENT=$(curl -sS -H "Lambda-Extension-Identifier: $ID" "$API/event/next")
  echo "$EVENT" >> "$EXT_OUT"
  case "$EVENT" in *SHUTDOWN*) exit 0;; esac
done
`;
    const layer = await publish(uniqueName("extlayer"), { "extensions/recorder": [ext, 0o755] });
    const name = uniqueName("extfn");
    await lambda().send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "python3.12",
        Role: ROLE,
        Handler: "app.handler",
        Layers: [layer.LayerVersionArn!],
        Environment: { Variables: { EXT_OUT: out } },
        Code: { ZipFile: unixZip({ "app.py": "def handler(e, c):\n    return c.aws_request_id\n" }) },
      }),
    );
    const first = await lambda().send(new InvokeCommand({ FunctionName: name }));
    const second = await lambda().send(new InvokeCommand({ FunctionName: name }));
    await ctx.clock.advance(301_000); // reaped: SHUTDOWN
    // Whole lines only: the shell creates the file before echo writes to it.
    const read = () =>
      (existsSync(out) ? readFileSync(out, "utf8").split("\n").slice(0, -1) : []).map((l) => JSON.parse(l) as { eventType: string; requestId?: string; shutdownReason?: string });
    // The extension is a bash script writing with curl: on a loaded machine it can take seconds.
    for (let i = 0; i < 500 && read().length < 3; i++) await new Promise((r) => globalThis.setTimeout(r, 20));
    expect(read()).toEqual([
      expect.objectContaining({ eventType: "INVOKE", requestId: decode(first.Payload) }),
      expect.objectContaining({ eventType: "INVOKE", requestId: decode(second.Payload) }),
      expect.objectContaining({ eventType: "SHUTDOWN", shutdownReason: "spindown" }),
    ]);
  });
});