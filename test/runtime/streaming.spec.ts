/**
 * Response streaming: InvokeWithResponseStream through @aws-sdk/client-lambda and RESPONSE_STREAM
 * function URLs deliver the bytes as the handler writes them (Node.js streamifyResponse, and a
 * custom runtime posting a chunked streamed response).
 */
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
} from "@aws-sdk/client-lambda";
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { createFn, decode, ROLE, unixZip } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);

const PIECES = `exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const pause = () => new Promise((r) => setTimeout(r, 250));
  responseStream.write("one ");
  await pause();
  responseStream.write("two ");
  await pause();
  responseStream.write("three");
  if (event.fail) throw new Error("broke mid-stream");
  responseStream.end();
});`;

interface Piece {
  at: number;
  text: string;
}

async function streamInvoke(name: string, payload = "{}"): Promise<{ pieces: Piece[]; complete?: Record<string, unknown>; ended: number }> {
  const started = performance.now();
  const res = await lambda().send(new InvokeWithResponseStreamCommand({ FunctionName: name, Payload: Buffer.from(payload), LogType: "Tail" }));
  expect(res.StatusCode).toBe(200);
  const pieces: Piece[] = [];
  let complete: Record<string, unknown> | undefined;
  for await (const event of res.EventStream!) {
    if (event.PayloadChunk?.Payload) pieces.push({ at: performance.now() - started, text: Buffer.from(event.PayloadChunk.Payload).toString() });
    if (event.InvokeComplete) complete = event.InvokeComplete as Record<string, unknown>;
  }
  return { pieces, complete, ended: performance.now() - started };
}

describe("InvokeWithResponseStream", () => {
  it("delivers a streaming handler's writes as separate chunks as they happen", async () => {
    const name = await createFn(lambda(), PIECES);
    await streamInvoke(name); // warm: the timing below is the stream's, not the cold start's
    const { pieces, complete, ended } = await streamInvoke(name);
    expect(pieces.map((p) => p.text)).toEqual(["one ", "two ", "three"]);
    expect(pieces[0]!.at).toBeLessThan(ended - 400);
    expect(pieces[1]!.at - pieces[0]!.at).toBeGreaterThan(150);
    expect(complete).toMatchObject({ LogResult: expect.any(String) });
    expect(complete?.ErrorCode).toBeUndefined();
  });

  it("reports an error after the stream started in InvokeComplete", async () => {
    const name = await createFn(lambda(), PIECES);
    const { pieces, complete } = await streamInvoke(name, '{"fail":true}');
    expect(pieces.map((p) => p.text).join("")).toBe("one two three");
    expect(complete).toMatchObject({ ErrorCode: "Error", ErrorDetails: "broke mid-stream" });
  });

  it("a buffered handler's response arrives as one chunk", async () => {
    const name = await createFn(lambda(), `exports.handler = async (e) => ({ got: e });`);
    const { pieces, complete } = await streamInvoke(name, '{"a":1}');
    expect(pieces.map((p) => p.text)).toEqual(['{"got":{"a":1}}']);
    expect(complete?.ErrorCode).toBeUndefined();
  });

  it("Invoke of a streaming handler returns what it wrote", async () => {
    const name = await createFn(lambda(), PIECES);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(Buffer.from(res.Payload!).toString()).toBe("one two three");
  });

  it("a custom runtime's chunked streamed response reaches the caller in pieces", async () => {
    const name = uniqueName("shstream");
    const bootstrap = `#!/bin/bash
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"
while true; do
  H=$(mktemp)
  curl -sS -D "$H" "$API/invocation/next" > /dev/null
  ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$H" | tr -d '[:space:]' | cut -d: -f2)
  (printf 'alpha '; sleep 0.3; printf 'beta') | curl -sS -X POST -H "Lambda-Runtime-Function-Response-Mode: streaming" -H "Transfer-Encoding: chunked" -T - "$API/invocation/$ID/response" > /dev/null
done
`;
    await lambda().send(new CreateFunctionCommand({ FunctionName: name, Runtime: "provided.al2023", Role: ROLE, Handler: "x", Code: { ZipFile: unixZip({ bootstrap: [bootstrap, 0o755] }) } }));
    await streamInvoke(name);
    const { pieces, ended } = await streamInvoke(name);
    expect(pieces.map((p) => p.text).join("")).toBe("alpha beta");
    expect(pieces.length).toBeGreaterThanOrEqual(2);
    expect(pieces[0]!.at).toBeLessThan(ended - 200);
  });
});

describe("RESPONSE_STREAM function URLs", () => {
  it("sends the prelude's status and headers, then the body as it is written", async () => {
    const name = await createFn(
      lambda(),
      `exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
        const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 202, headers: { "content-type": "text/plain", "x-streamed": "yes" } });
        stream.write("first\\n");
        await new Promise((r) => setTimeout(r, 300));
        stream.write("second\\n");
        stream.end();
      });`,
    );
    const { FunctionUrl } = await lambda().send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "NONE", InvokeMode: "RESPONSE_STREAM" }));
    await lambda().send(new AddPermissionCommand({ FunctionName: name, StatementId: "url", Action: "lambda:InvokeFunctionUrl", Principal: "*", FunctionUrlAuthType: "NONE" }));
    await lambda().send(new AddPermissionCommand({ FunctionName: name, StatementId: "invoke", Action: "lambda:InvokeFunction", Principal: "*" }));
    const get = () =>
      new Promise<{ status: number; headers: Record<string, unknown>; pieces: Piece[]; ended: number }>((resolve, reject) => {
        const started = performance.now();
        const endpoint = new URL(ctx.endpoint);
        const req = request({ host: endpoint.hostname, port: endpoint.port, path: "/", headers: { host: new URL(FunctionUrl!).host } }, (res) => {
          const pieces: Piece[] = [];
          res.on("data", (c: Buffer) => pieces.push({ at: performance.now() - started, text: c.toString() }));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, pieces, ended: performance.now() - started }));
        });
        req.on("error", reject);
        req.end();
      });
    await get();
    const res = await get();
    expect(res.status).toBe(202);
    expect(res.headers).toMatchObject({ "content-type": "text/plain", "x-streamed": "yes" });
    expect(res.pieces.map((p) => p.text).join("")).toBe("first\nsecond\n");
    expect(res.pieces[0]!.text).toBe("first\n");
    expect(res.pieces[0]!.at).toBeLessThan(res.ended - 200);
    // A buffered invoke of the same handler answers as the URL response object.
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toMatchObject({ statusCode: 202, body: "first\nsecond\n" });
  });
});
