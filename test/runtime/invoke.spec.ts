import { InvokeCommand, LambdaClient, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createFn, decode, handlers, zipOf } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);

describe("validation", () => {
  it("rejects a payload that is not JSON", async () => {
    const name = await createFn(lambda(), handlers.echo);
    await expectAwsError(lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from("not json") })), {
      name: "InvalidRequestContentException",
      status: 400,
      message: /^Could not parse request body into json: Could not parse payload into json/,
    });
  });

  it("rejects a synchronous payload over 6 MB", async () => {
    const name = await createFn(lambda(), handlers.echo);
    const big = Buffer.from(JSON.stringify({ s: "x".repeat(6 * 1024 * 1024) }));
    await expectAwsError(lambda().send(new InvokeCommand({ FunctionName: name, Payload: big })), {
      name: "RequestEntityTooLargeException",
      status: 413,
      message: "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
    });
  });
});

describe("errors", () => {
  it("rejects an asynchronous payload over 1 MB", async () => {
    const name = await createFn(lambda(), handlers.echo);
    const big = Buffer.from(JSON.stringify({ s: "x".repeat(1024 * 1024) }));
    await expectAwsError(lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: big })), {
      name: "RequestEntityTooLargeException",
      status: 413,
      message: "Request must be smaller than 1048576 bytes for the InvokeFunction operation",
    });
  });

  it("answers ResourceNotFoundException for an unknown function", async () => {
    await expectAwsError(lambda().send(new InvokeCommand({ FunctionName: "nope-missing" })), {
      name: "ResourceNotFoundException",
      status: 404,
      message: "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope-missing",
    });
  });
});

describe("behaviour", () => {
  it("runs the handler with the event, the context and the environment AWS sets", async () => {
    const name = await createFn(
      lambda(),
      `exports.handler = async (event, context) => ({ event, ctx: { id: context.awsRequestId, fn: context.functionName, v: context.functionVersion, arn: context.invokedFunctionArn, mem: context.memoryLimitInMB, group: context.logGroupName, stream: context.logStreamName, remaining: context.getRemainingTimeInMillis() }, env: { region: process.env.AWS_REGION, name: process.env.AWS_LAMBDA_FUNCTION_NAME, mem: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, handler: process.env._HANDLER, endpoint: process.env.AWS_ENDPOINT_URL, custom: process.env.GREETING, key: process.env.AWS_ACCESS_KEY_ID } });`,
      { Environment: { Variables: { GREETING: "hi" } }, MemorySize: 256, Timeout: 5 },
    );
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"a":1}') }));
    expect(res.StatusCode).toBe(200);
    expect(res.FunctionError).toBeUndefined();
    expect(res.ExecutedVersion).toBe("$LATEST");
    const out = decode(res.Payload) as { event: unknown; ctx: Record<string, unknown>; env: Record<string, unknown> };
    expect(out.event).toEqual({ a: 1 });
    expect(out.ctx.id).toBe(res.$metadata.requestId);
    expect(out.ctx).toMatchObject({ fn: name, v: "$LATEST", arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`, mem: "256", group: `/aws/lambda/${name}` });
    expect(out.ctx.stream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(out.ctx.remaining).toBeGreaterThan(4000);
    expect(out.ctx.remaining).toBeLessThanOrEqual(5000);
    expect(out.env).toEqual({ region: "us-east-1", name, mem: "256", handler: "index.handler", endpoint: ctx.endpoint, custom: "hi", key: "AKIDLOCALAWSLAMBDA" });
  });

  it("keeps module state in a warm environment and gives every invocation its own request id", async () => {
    const name = await createFn(lambda(), handlers.counter);
    const a = await lambda().send(new InvokeCommand({ FunctionName: name }));
    const b = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(decode(a.Payload)).toEqual({ n: 1 });
    expect(decode(b.Payload)).toEqual({ n: 2 });
    expect(a.$metadata.requestId).not.toBe(b.$metadata.requestId);
  });

  it("runs concurrent invocations in separate environments", async () => {
    const name = await createFn(lambda(), `let n = 0; exports.handler = async () => { n++; await new Promise(r => setTimeout(r, 200)); return { n }; };`);
    const results = await Promise.all([1, 2, 3].map(() => lambda().send(new InvokeCommand({ FunctionName: name }))));
    expect(results.map((r) => decode(r.Payload))).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
  });

  it("supports ES modules and callback handlers", async () => {
    const esm = await createFn(lambda(), { "app.mjs": `export const handler = async (e) => ({ esm: true, e });` }, { Handler: "app.handler" });
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: esm, Payload: Buffer.from("[1]") }))).Payload)).toEqual({ esm: true, e: [1] });
    const cb = await createFn(lambda(), `exports.handler = (event, context, callback) => { setImmediate(() => callback(null, { cb: event.x })); };`);
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: cb, Payload: Buffer.from('{"x":7}') }))).Payload)).toEqual({ cb: 7 });
  });

  it("answers a callback once the event loop is empty, unless callbackWaitsForEmptyEventLoop is false", async () => {
    const src = (wait: boolean): string =>
      `exports.handler = (e, context, callback) => { context.callbackWaitsForEmptyEventLoop = ${wait}; const t0 = Date.now(); setTimeout(() => { globalThis.late = Date.now() - t0; }, 300); callback(null, { late: globalThis.late ?? null }); };`;
    const waits = await createFn(lambda(), src(true));
    let t0 = performance.now();
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: waits }))).Payload)).toEqual({ late: null });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    const quick = await createFn(lambda(), src(false));
    await lambda().send(new InvokeCommand({ FunctionName: quick }));
    t0 = performance.now();
    await lambda().send(new InvokeCommand({ FunctionName: quick }));
    expect(performance.now() - t0).toBeLessThan(250);
  });

  it("refuses callback handlers on nodejs24.x, as AWS does", async () => {
    const name = await createFn(lambda(), `exports.handler = async (event, context, callback) => "never";`, { Runtime: "nodejs24.x" });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toMatchObject({
      errorType: "Runtime.CallbackHandlerDeprecated",
      errorMessage: expect.stringMatching(/^ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node\.js 24\./),
    });
  });

  it("reports a result that cannot be serialized as Runtime.JSONStringifyError", async () => {
    const name = await createFn(lambda(), `exports.handler = async () => { const a = {}; a.self = a; return a; };`);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toEqual({ errorType: "Runtime.JSONStringifyError", errorMessage: "Unable to stringify response body", trace: [] });
  });

  it("returns null for a handler that returns nothing", async () => {
    const name = await createFn(lambda(), `exports.handler = async () => {};`);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(Buffer.from(res.Payload!).toString()).toBe("null");
  });

  it("reports a handler error as Unhandled with errorType, errorMessage and trace", async () => {
    const name = await createFn(lambda(), `exports.handler = async () => { const e = new TypeError("bad input"); throw e; };`);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(res.StatusCode).toBe(200);
    expect(res.FunctionError).toBe("Unhandled");
    const body = decode(res.Payload) as { errorType: string; errorMessage: string; trace: string[] };
    expect(body.errorType).toBe("TypeError");
    expect(body.errorMessage).toBe("bad input");
    expect(body.trace[0]).toBe("TypeError: bad input");
  });

  it("fails with Runtime.ImportModuleError when the handler file is missing", async () => {
    const name = await createFn(lambda(), handlers.echo, { Handler: "missing.handler" });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toMatchObject({ errorType: "Runtime.ImportModuleError", errorMessage: expect.stringContaining("Cannot find module 'missing'") });
  });

  it("refuses a handler path that leaves the function's directory", async () => {
    const name = await createFn(lambda(), handlers.echo, { Handler: "../../../../etc/passwd.handler" });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toMatchObject({ errorType: "Runtime.MalformedHandlerName" });
  });

  it("fails with Runtime.HandlerNotFound when the export is missing", async () => {
    const name = await createFn(lambda(), handlers.echo, { Handler: "index.nothere" });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(decode(res.Payload)).toMatchObject({ errorType: "Runtime.HandlerNotFound", errorMessage: "index.nothere is undefined or not exported" });
  });

  it("fails with the init error when the module throws at top level, and retries init next time", async () => {
    const name = await createFn(lambda(), `throw new RangeError("init failed"); exports.handler = async () => 1;`);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(decode(res.Payload)).toMatchObject({ errorType: "RangeError", errorMessage: "init failed" });
    const again = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(decode(again.Payload)).toMatchObject({ errorType: "RangeError" });
  });

  it("times out after Timeout seconds, discards the environment and starts a fresh one next time", async () => {
    const name = await createFn(lambda(), `let n = 0; exports.handler = async (e) => { n++; if (e.hang) await new Promise(() => { setInterval(() => {}, 1000); }); return { n }; };`, { Timeout: 1 });
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ n: 1 });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"hang":true}') }));
    expect(res.FunctionError).toBe("Unhandled");
    const body = decode(res.Payload) as { errorType: string; errorMessage: string };
    expect(body.errorType).toBe("Sandbox.Timedout");
    expect(body.errorMessage).toBe(`RequestId: ${res.$metadata.requestId} Error: Task timed out after 1.00 seconds`);
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ n: 1 });
  });

  it("fails with Runtime.ExitError on process.exit and recovers with a new environment", async () => {
    const name = await createFn(lambda(), `exports.handler = async (e) => { if (e.exit) process.exit(2); return "ok"; };`);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"exit":true}') }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toEqual({ errorType: "Runtime.ExitError", errorMessage: `RequestId: ${res.$metadata.requestId} Error: Runtime exited with error: exit status 2` });
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toBe("ok");
  });

  it("kills an environment that exceeds its memory and recovers", async () => {
    const name = await createFn(lambda(), `exports.handler = async (e) => { if (e.leak) { const a = []; for (;;) a.push(new Array(1e5).fill(Math.random())); } return "ok"; };`, { MemorySize: 128, Timeout: 30 });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"leak":true}') }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toMatchObject({ errorType: "Runtime.OutOfMemory" });
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toBe("ok");
  });

  it("returns the last 4 KB of the log with LogType Tail", async () => {
    const name = await createFn(lambda(), `exports.handler = async () => { console.log("hello", { a: 1 }); console.error("oops"); return 1; };`);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, LogType: "Tail" }));
    const log = Buffer.from(res.LogResult!, "base64").toString("utf8");
    const id = res.$metadata.requestId!;
    expect(log).toContain(`START RequestId: ${id} Version: $LATEST\n`);
    expect(log).toMatch(new RegExp(`\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z\\t${id}\\tINFO\\thello { a: 1 }\\n`));
    expect(log).toContain(`\t${id}\tERROR\toops\n`);
    expect(log).toContain(`END RequestId: ${id}\n`);
    expect(log).toMatch(new RegExp(`REPORT RequestId: ${id}\\tDuration: [0-9.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: [0-9.]+ ms\\t`));
    const big = await createFn(lambda(), `exports.handler = async () => { for (let i = 0; i < 200; i++) console.log("line " + i + " " + "x".repeat(50)); return 1; };`);
    const tail = Buffer.from((await lambda().send(new InvokeCommand({ FunctionName: big, LogType: "Tail" }))).LogResult!, "base64");
    expect(tail.length).toBeLessThanOrEqual(4096);
    expect(tail.toString()).toContain("REPORT RequestId");
  });

  it("answers DryRun with 204 and Event with 202", async () => {
    const name = await createFn(lambda(), handlers.counter);
    const dry = await lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "DryRun" }));
    expect(dry.StatusCode).toBe(204);
    const ev = await lambda().send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from("{}") }));
    expect(ev.StatusCode).toBe(202);
    await ctx.aws.settle();
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ n: 2 });
  });

  it("runs the new code after UpdateFunctionCode and the new settings after UpdateFunctionConfiguration", async () => {
    const name = await createFn(lambda(), `exports.handler = async () => ({ v: 1, g: process.env.GG });`);
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ v: 1 });
    await lambda().send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zipOf({ "index.js": `exports.handler = async () => ({ v: 2, g: process.env.GG });` }) }));
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ v: 2 });
    await lambda().send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { GG: "x" } } }));
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ v: 2, g: "x" });
  });

  it("lets functions import the AWS SDK without bundling it", async () => {
    const name = await createFn(lambda(), `const { LambdaClient, ListFunctionsCommand } = require("@aws-sdk/client-lambda"); exports.handler = async () => { const r = await new LambdaClient({}).send(new ListFunctionsCommand({})); return r.Functions.some(f => f.FunctionName === process.env.AWS_LAMBDA_FUNCTION_NAME); };`, { Timeout: 20 });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(decode(res.Payload)).toBe(true);
  });
});
