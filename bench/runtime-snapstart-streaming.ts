/**
 * Issue #18's last two benchmark figures, against local-aws only:
 * - SnapStart: a Python 3.12 function whose init takes 300 ms; the first invoke of $LATEST (a
 *   normal cold start, init included) against the first invoke of its published SnapStart version
 *   (a new environment restored from the version's snapshot). Goal: restored ≥ 3× faster.
 * - Streaming: a Node.js RESPONSE_STREAM function URL whose handler writes a line every 20 ms, each
 *   line carrying the time it was written (this machine's clock, sub-millisecond); the client notes
 *   when each line arrives. Goal: the first byte of a write reaches the client within 5 ms.
 */
import { AddPermissionCommand, CreateFunctionCommand, CreateFunctionUrlConfigCommand, InvokeCommand, LambdaClient, PublishVersionCommand } from "@aws-sdk/client-lambda";
import { request } from "node:http";
import { strToU8, zipSync } from "fflate";
import { benchCredentials, type Target } from "./types.js";

const ROLE = "arn:aws:iam::000000000000:role/bench";
let seq = 0;

const SLOW_INIT = `import time
time.sleep(0.3)

def handler(event, context):
    time.sleep(event.get("hold", 0))
    return {"ok": True}
`;

const HOLD_MS = 250;
const LINES = 10;
const STREAMER = `exports.handler = awslambda.streamifyResponse(async (event, stream) => {
  for (let i = 0; i < ${LINES}; i++) {
    stream.write(String(performance.timeOrigin + performance.now()) + "\\n");
    await new Promise((r) => setTimeout(r, 20));
  }
  stream.end();
});`;

function client(t: Target): LambdaClient {
  return new LambdaClient({ endpoint: t.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 });
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await f();
  return performance.now() - start;
}

async function snapStart(lambda: LambdaClient): Promise<{ coldMs: number; restoredMs: number }> {
  const name = `bench-snap-${process.pid}-${++seq}`;
  await lambda.send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: "python3.12", Role: ROLE, Handler: "app.handler", Timeout: 10, SnapStart: { ApplyOn: "PublishedVersions" }, Code: { ZipFile: zipSync({ "app.py": strToU8(SLOW_INIT) }) } }),
  );
  const invoke = (qualifier: string, holdMs = 0) => async () => {
    const res = await lambda.send(new InvokeCommand({ FunctionName: name, Qualifier: qualifier, Payload: Buffer.from(JSON.stringify({ hold: holdMs / 1000 })) }));
    if (res.FunctionError) throw new Error(`${name}:${qualifier} failed: ${Buffer.from(res.Payload ?? []).toString()}`);
  };
  const coldMs = await timed(invoke("$LATEST"));
  await lambda.send(new PublishVersionCommand({ FunctionName: name }));
  // The version's first invoke may still wait for its snapshot to be taken (the init phase runs
  // when the version is published); not measured. Then two invokes at once, each holding its
  // environment HOLD_MS: one runs in the warm environment, the other needs a new one, restored
  // from the snapshot — its time beyond the hold is the restored start.
  await invoke("1")();
  const both = await Promise.all([timed(invoke("1", HOLD_MS)), timed(invoke("1", HOLD_MS))]);
  return { coldMs, restoredMs: Math.max(...both) - HOLD_MS };
}

/** Delays (ms) from each line's write in the handler to its arrival here. */
function streamDelays(endpoint: URL, urlHost: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const delays: number[] = [];
    let pending = "";
    const req = request({ host: endpoint.hostname, port: endpoint.port, path: "/", headers: { host: urlHost } }, (res) => {
      res.on("data", (chunk: Buffer) => {
        const now = performance.timeOrigin + performance.now();
        pending += chunk.toString();
        const lines = pending.split("\n");
        pending = lines.pop()!;
        for (const line of lines) delays.push(now - Number(line));
      });
      res.on("end", () => (res.statusCode === 200 ? resolve(delays) : reject(new Error(`function URL answered ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end();
  });
}

async function streaming(lambda: LambdaClient, t: Target): Promise<number[]> {
  const name = `bench-stream-${process.pid}-${++seq}`;
  await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Timeout: 10, Code: { ZipFile: zipSync({ "index.js": strToU8(STREAMER) }) } }));
  const { FunctionUrl } = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "NONE", InvokeMode: "RESPONSE_STREAM" }));
  await lambda.send(new AddPermissionCommand({ FunctionName: name, StatementId: "url", Action: "lambda:InvokeFunctionUrl", Principal: "*", FunctionUrlAuthType: "NONE" }));
  await lambda.send(new AddPermissionCommand({ FunctionName: name, StatementId: "invoke", Action: "lambda:InvokeFunction", Principal: "*" }));
  const endpoint = new URL(t.endpoint);
  const host = new URL(FunctionUrl!).host;
  await streamDelays(endpoint, host); // cold start, not measured
  const delays: number[] = [];
  for (let i = 0; i < 5; i++) delays.push(...(await streamDelays(endpoint, host)));
  return delays;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export async function measureSnapStartAndStreaming(t: Target): Promise<Record<string, number | string>> {
  const lambda = client(t);
  try {
    const { coldMs, restoredMs } = await snapStart(lambda);
    const delays = await streaming(lambda, t);
    return {
      "python 300 ms init: cold start of $LATEST (ms)": Number(coldMs.toFixed(1)),
      "SnapStart version: a new environment restored (ms)": Number(restoredMs.toFixed(1)),
      "cold / restored (goal ≥ 3)": Number((coldMs / restoredMs).toFixed(2)),
      "streamed write → client p50 (ms, goal ≤ 5)": Number(percentile(delays, 50).toFixed(2)),
      "streamed write → client p99 (ms)": Number(percentile(delays, 99).toFixed(2)),
      "streamed lines measured": delays.length,
    };
  } finally {
    lambda.destroy();
  }
}
