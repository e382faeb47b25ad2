/**
 * Lambda's control plane on AWS's model: routes and checks come from models/lambda.json.gz, with
 * coral's wording, before any function is looked up; the corrections in src/runtime/model.ts;
 * operations found from their files.
 */
import { GetFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand, PutFunctionConcurrencyCommand } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/core/models/index.js";
import { loadOperations } from "../../src/runtime/operations/index.js";
import { expectAwsError, rawRequest, uniqueName, useServer } from "../helpers/index.js";
import { ROLE, createFn, handlers, zipOf } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);

async function raw(method: string, path: string, body?: unknown): Promise<{ status: number; type: string; message: string }> {
  const res = await rawRequest(ctx.endpoint, { method, path, headers: { "content-type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const parsed = res.body.length ? (JSON.parse(res.body.toString()) as { message?: string; Message?: string }) : {};
  return { status: res.status, type: String(res.headers["x-amzn-errortype"] ?? "").split(":")[0]!, message: parsed.message ?? parsed.Message ?? "" };
}

describe("Lambda's input checks from the model", () => {
  it("answers a Timeout over 900 in coral's words, for UpdateFunctionConfiguration too (override: the model has no maximum)", async () => {
    const name = await createFn(lambda(), handlers.echo);
    const res = await raw("PUT", `/2015-03-31/functions/${name}/configuration`, { Timeout: 901 });
    expect(res).toEqual({ status: 400, type: "ValidationException", message: "1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900" });
    expect((await raw("PUT", `/2015-03-31/functions/${name}/configuration`, { Timeout: 0 })).message).toBe(
      "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it("refuses values of the wrong JSON type with SerializationException (no 500, nothing stored)", async () => {
    const name = await createFn(lambda(), handlers.echo);
    expect(await raw("PUT", `/2017-10-31/functions/${name}/concurrency`, { ReservedConcurrentExecutions: {} })).toEqual({
      status: 400,
      type: "SerializationException",
      message: "Start of structure or map found where not expected.",
    });
    expect(await raw("PUT", `/2015-03-31/functions/${name}/configuration`, { Timeout: "abc" })).toMatchObject({ status: 400, type: "SerializationException" });
    expect(await raw("PUT", `/2015-03-31/functions/${name}/configuration`, { MemorySize: [256] })).toMatchObject({ status: 400, type: "SerializationException" });
    const conf = await lambda().send(new GetFunctionCommand({ FunctionName: name }));
    expect(conf.Configuration).toMatchObject({ Timeout: 3, MemorySize: 128 });
  });

  it("validates before looking the function up, and reports several violations at once", async () => {
    const missing = uniqueName("missing");
    await expectAwsError(lambda().send(new GetFunctionCommand({ FunctionName: missing, Qualifier: "bad qualifier!" })), {
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value 'bad qualifier!' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: \\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+",
    });
    await expectAwsError(lambda().send(new PutFunctionConcurrencyCommand({ FunctionName: "x".repeat(141), ReservedConcurrentExecutions: -1 })), {
      name: "ValidationException",
      message: /^2 validation errors detected: Value 'x{141}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140; Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0$/,
    });
  });

  it("checks query and header members against the model (MaxItems, InvocationType)", async () => {
    await expectAwsError(lambda().send(new ListFunctionsCommand({ MaxItems: 10001 })), {
      name: "ValidationException",
      message: "1 validation error detected: Value '10001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 10000",
    });
    const name = await createFn(lambda(), handlers.echo);
    await expectAwsError(lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Sometimes" as never })), {
      name: "ValidationException",
      message: "1 validation error detected: Value 'Sometimes' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
    });
  });

  it("refuses a query member that is not a number before the handler (it reached SQLite and answered 500)", async () => {
    expect(await raw("GET", "/2015-03-31/functions?MaxItems=abc")).toEqual({ status: 400, type: "SerializationException", message: "STRING_VALUE cannot be converted to Integer" });
    expect((await raw("GET", "/2015-03-31/functions?MaxItems=%20")).status).toBe(400);
    expect((await raw("GET", "/2015-03-31/functions?MaxItems=5")).status).toBe(200);
  });

  it("creates and invokes through the model's bindings (payload, status and output headers)", async () => {
    const name = uniqueName("fn");
    const created = await rawRequest(ctx.endpoint, {
      method: "POST",
      path: "/2015-03-31/functions",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: Buffer.from(zipOf({ "index.js": handlers.echo })).toString("base64") } }),
    });
    expect(created.status).toBe(201);
    const out = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"a":1}') }));
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe("$LATEST");
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toMatchObject({ event: { a: 1 }, fn: name });
  });
});

describe("Lambda's operations", () => {
  it("are found from their files: each a model operation, none twice", async () => {
    const operations = await loadOperations();
    const model = loadModel("lambda");
    const names = operations.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(Object.keys(model.operations)).toContain(n);
    expect(names).toEqual(expect.arrayContaining(["CreateFunction", "Invoke", "InvokeWithResponseStream", "GetLayerVersionByArn", "ListFunctionUrlConfigs"]));
    expect(names.length).toBeGreaterThanOrEqual(52);
  });
});
