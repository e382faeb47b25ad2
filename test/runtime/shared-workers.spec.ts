import { DescribeLogStreamsCommand, CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rawRequest, useServer } from "../helpers/index.js";
import { createFn, decode } from "./fixtures.js";

// One worker thread per function before environments share it, at most 4 environments per thread.
const dir = mkdtempSync(join(tmpdir(), "la-hosts-"));
const configPath = join(dir, "local-aws.json");
writeFileSync(configPath, JSON.stringify({ lambda: { workersPerFunction: 1, environmentsPerWorker: 4 } }));
const ctx = useServer({ config: configPath });
const lambda = (): LambdaClient => ctx.client(LambdaClient);

interface Seen {
  n: number;
  shared: number;
  stream: string;
  envStream: string;
  tmp: string;
}

async function burst(name: string, n: number, payload = "{}"): Promise<{ body: unknown; error?: string; requestId?: string }[]> {
  const all = await Promise.all(Array.from({ length: n }, () => lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(payload) }))));
  return all.map((r) => ({ body: decode(r.Payload), error: r.FunctionError, requestId: r.$metadata.requestId }));
}

async function threads(): Promise<{ workerThreads: number; environments: number }> {
  return JSON.parse((await rawRequest(ctx.endpoint, { path: "/_local/lambda/metrics" })).body.toString()) as { workerThreads: number; environments: number };
}

describe("behaviour", () => {
  it("gives each environment sharing a worker thread its own module state, log stream, variables and temporary directory", async () => {
    const name = await createFn(lambda(), {
      "index.js": `const counter = require("./lib/counter"); const os = require("os"); let n = 0;
        exports.handler = async (e, context) => { n++; counter.bump(); await new Promise(r => setTimeout(r, 200));
          return { n, shared: counter.value(), stream: context.logStreamName, envStream: process.env.AWS_LAMBDA_LOG_STREAM_NAME, tmp: os.tmpdir() }; };`,
      "lib/counter.js": `let c = 0; exports.bump = () => ++c; exports.value = () => c;`,
    });
    const before = await threads();
    const seen = (await burst(name, 4)).map((r) => r.body as Seen);
    const after = await threads();
    expect(after.workerThreads - before.workerThreads).toBe(1);
    expect(after.environments - before.environments).toBe(4);
    expect(seen.map((s) => [s.n, s.shared])).toEqual(Array(4).fill([1, 1]));
    expect(new Set(seen.map((s) => s.stream)).size).toBe(4);
    for (const s of seen) expect(s.envStream).toBe(s.stream);
    expect(new Set(seen.map((s) => s.tmp)).size).toBe(4);
    // Warm again: each environment kept its own state.
    const again = (await burst(name, 4)).map((r) => r.body as Seen);
    expect(again.map((s) => [s.n, s.shared])).toEqual(Array(4).fill([2, 2]));
    expect(new Set(again.map((s) => s.stream))).toEqual(new Set(seen.map((s) => s.stream)));
  });

  it("gives each environment its own instance of an ES module handler and of the modules it imports", async () => {
    const name = await createFn(lambda(), {
      "index.mjs": `import { bump } from "./lib/counter.mjs"; let n = 0; export const handler = async () => { n++; const shared = bump(); await new Promise(r => setTimeout(r, 200)); return [n, shared]; };`,
      "lib/counter.mjs": `let c = 0; export const bump = () => ++c;`,
    });
    expect((await burst(name, 3)).map((r) => r.body)).toEqual([[1, 1], [1, 1], [1, 1]]);
    expect((await burst(name, 3)).map((r) => r.body)).toEqual([[2, 2], [2, 2], [2, 2]]);
  });

  it("runs a burst of N concurrent invocations in N environments with N log streams", async () => {
    const name = await createFn(lambda(), `exports.handler = async (e, context) => { console.log("in", context.logStreamName); await new Promise(r => setTimeout(r, 200)); return context.logStreamName; };`);
    const before = await threads();
    const streams = (await burst(name, 10)).map((r) => r.body as string);
    expect(new Set(streams).size).toBe(10);
    expect((await threads()).workerThreads - before.workerThreads).toBe(3);
    await ctx.aws.settle();
    const logs = ctx.client(CloudWatchLogsClient);
    const described = await logs.send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${name}` }));
    expect(new Set(described.logStreams!.map((s) => s.logStreamName))).toEqual(new Set(streams));
  });

  it("lets the other invocations of a worker thread finish when one of its environments times out awaiting", async () => {
    const name = await createFn(lambda(), `exports.handler = async (e) => { console.log("waiting", e.ms); await new Promise(r => setTimeout(r, e.ms)); console.log("woke", e.ms); return "done"; };`, { Timeout: 1 });
    const slow = lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"ms":5000}') }));
    await new Promise((r) => setTimeout(r, 400));
    const sibling = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"ms":900}') }));
    expect(sibling.FunctionError).toBeUndefined();
    expect(decode(sibling.Payload)).toBe("done");
    const timedOut = await slow;
    expect(decode(timedOut.Payload)).toMatchObject({ errorType: "Sandbox.Timedout" });
    const before = await threads();
    expect((await burst(name, 1, '{"ms":1}'))[0]!.body).toBe("done");
    // The drained thread ended with its last environment; the next invocation started a new one.
    expect((await threads()).workerThreads).toBe(before.workerThreads + 1);
  });

  it("ends a worker thread stuck in a loop past a timeout: the other invocations in it fail with an exit error", async () => {
    const name = await createFn(lambda(), `exports.handler = async (e) => { if (e.loop) for (;;) {} await new Promise(r => setTimeout(r, e.ms)); return "done"; };`, { Timeout: 1 });
    const looping = lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"ms":1,"loop":true}') }));
    await new Promise((r) => setTimeout(r, 400));
    const sibling = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"ms":900}') }));
    expect(sibling.FunctionError).toBe("Unhandled");
    // The sibling's environment was still in its init phase (the loop blocked it): an init error.
    expect(decode(sibling.Payload)).toEqual({ errorType: "Runtime.ExitError", errorMessage: "Runtime exited: another environment of this function in the same host process timed out" });
    expect(decode((await looping).Payload)).toMatchObject({ errorType: "Sandbox.Timedout" });
    expect((await burst(name, 1, '{"ms":1}'))[0]!.body).toBe("done");
  });

  it("fails only the environment that called process.exit with its exit status", async () => {
    const name = await createFn(lambda(), `exports.handler = async (e) => { await new Promise(r => setTimeout(r, e.ms)); if (e.exit) process.exit(3); return "done"; };`);
    const [exiting, sibling] = await Promise.all([
      lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"ms":100,"exit":true}') })),
      lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"ms":1000}') })),
    ]);
    expect(decode(exiting!.Payload)).toEqual({ errorType: "Runtime.ExitError", errorMessage: `RequestId: ${exiting!.$metadata.requestId} Error: Runtime exited with error: exit status 3` });
    expect(decode(sibling!.Payload)).toEqual({
      errorType: "Runtime.ExitError",
      errorMessage: `RequestId: ${sibling!.$metadata.requestId} Error: Runtime exited: another environment of this function in the same host process exited`,
    });
  });
});
