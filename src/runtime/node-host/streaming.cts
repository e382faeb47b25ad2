/**
 * Response streaming, as AWS's Node.js runtime offers it: `awslambda.streamifyResponse(handler)`
 * and `awslambda.HttpResponseStream.from(stream, {statusCode, headers})` (a JSON prelude and 8 NUL
 * bytes before the body, under the http-integration-response content type). A streaming caller
 * (InvokeWithResponseStream, a RESPONSE_STREAM function URL) gets each write as a `chunk` message
 * at once; a buffered one (Invoke) gets what was written as the payload.
 */
import { Writable } from "node:stream";
import { postNow, type Handler, type HostEnvironment } from "./state.cjs";
import type { Finish, InvokeMessage } from "./invoke.cjs";

export const STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");
const HTTP_INTEGRATION = "application/vnd.awslambda.http-integration-response";

interface ResponseStream extends Writable {
  setContentType(type: string): void;
}

export function installAwsLambdaGlobal(): void {
  (globalThis as Record<string, unknown>).awslambda = {
    streamifyResponse(handler: Handler): Handler {
      handler[STREAMING] = "response";
      return handler;
    },
    HttpResponseStream: {
      from(stream: ResponseStream, prelude?: unknown): ResponseStream {
        stream.setContentType(HTTP_INTEGRATION);
        stream.write(JSON.stringify(prelude || {}));
        stream.write(Buffer.alloc(8));
        return stream;
      },
    },
  };
}

// A buffered invocation of a handler that wrote an HTTP prelude answers as a URL's response object.
function httpPayload(all: Buffer): string {
  const at = all.indexOf(Buffer.alloc(8));
  let prelude: Record<string, unknown> = {};
  try {
    prelude = JSON.parse(all.subarray(0, at < 0 ? 0 : at).toString("utf8")) as Record<string, unknown>;
  } catch {
    // no prelude
  }
  return JSON.stringify({ ...prelude, body: (at < 0 ? all : all.subarray(at + 8)).toString("utf8") });
}

export function runStreaming(env: HostEnvironment, msg: InvokeMessage, event: unknown, context: unknown, finish: Finish): void {
  let contentType = "application/octet-stream";
  let first = true;
  const kept: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, encoding: BufferEncoding, cb: () => void) {
      const buf = typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk);
      if (msg.s) {
        postNow({ t: "chunk", env: env.id, id: msg.i, data: buf.toString("base64"), ...(first ? { ct: contentType } : {}) });
        first = false;
      } else kept.push(buf);
      cb();
    },
  }) as ResponseStream;
  stream.setContentType = (t: string) => {
    contentType = t;
  };
  let ended = false;
  let returned = false;
  const done = (): void => {
    if (!ended || !returned) return;
    if (msg.s) finish(null, undefined, "");
    else finish(null, undefined, contentType === HTTP_INTEGRATION ? httpPayload(Buffer.concat(kept)) : Buffer.concat(kept).toString("utf8"));
  };
  stream.on("finish", () => {
    ended = true;
    done();
  });
  try {
    const out = env.handler!(event, stream, context);
    Promise.resolve(out).then(
      () => {
        returned = true;
        if (!ended) stream.end();
        else done();
      },
      (err: unknown) => finish(err === undefined || err === null ? new Error(String(err)) : err),
    );
  } catch (err) {
    finish(err);
  }
}
