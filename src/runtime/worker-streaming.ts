/**
 * Response streaming in the Node.js host (appended to worker-bootstrap.ts's program, whose
 * `runOne` calls `runStreaming` for handlers wrapped by `awslambda.streamifyResponse`). A
 * streaming caller (InvokeWithResponseStream, a RESPONSE_STREAM function URL) gets each write as a
 * `chunk` message at once; a buffered one (Invoke) gets what was written as the payload.
 */
export const STREAMING_SOURCE = String.raw`
// Response streaming, as AWS's Node.js runtime offers it: awslambda.streamifyResponse(handler)
// and awslambda.HttpResponseStream.from(stream, {statusCode, headers}) (a JSON prelude and 8 NUL
// bytes before the body, under the http-integration-response content type).
const STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");
const HTTP_INTEGRATION = "application/vnd.awslambda.http-integration-response";
globalThis.awslambda = {
  streamifyResponse(handler) {
    handler[STREAMING] = "response";
    return handler;
  },
  HttpResponseStream: {
    from(stream, prelude) {
      stream.setContentType(HTTP_INTEGRATION);
      stream.write(JSON.stringify(prelude || {}));
      stream.write(Buffer.alloc(8));
      return stream;
    },
  },
};

// A streaming caller (InvokeWithResponseStream, a RESPONSE_STREAM URL) gets each write at once;
// a buffered one (Invoke) gets what was written as the payload.
function runStreaming(env, msg, event, context, finish) {
  const { Writable } = require("node:stream");
  let contentType = "application/octet-stream";
  let first = true;
  const kept = [];
  const stream = new Writable({
    write(chunk, encoding, cb) {
      const buf = typeof chunk === "string" ? Buffer.from(chunk, encoding) : Buffer.from(chunk);
      if (msg.s) {
        postNow({ t: "chunk", env: env.id, id: msg.i, data: buf.toString("base64"), ...(first ? { ct: contentType } : {}) });
        first = false;
      } else kept.push(buf);
      cb();
    },
  });
  stream.setContentType = (t) => {
    contentType = t;
  };
  let ended = false;
  let returned = false;
  const done = () => {
    if (!ended || !returned) return;
    if (msg.s) finish(null, undefined, "");
    else finish(null, undefined, contentType === HTTP_INTEGRATION ? httpPayload(Buffer.concat(kept)) : Buffer.concat(kept).toString("utf8"));
  };
  stream.on("finish", () => {
    ended = true;
    done();
  });
  try {
    const out = env.handler(event, stream, context);
    Promise.resolve(out).then(
      () => {
        returned = true;
        if (!ended) stream.end();
        else done();
      },
      (err) => finish(err === undefined || err === null ? new Error(String(err)) : err),
    );
  } catch (err) {
    finish(err);
  }
}

// A buffered invocation of a handler that wrote an HTTP prelude answers as a URL's response object.
function httpPayload(all) {
  const at = all.indexOf(Buffer.alloc(8));
  let prelude = {};
  try {
    prelude = JSON.parse(all.subarray(0, at < 0 ? 0 : at).toString("utf8"));
  } catch {}
  return JSON.stringify({ ...prelude, body: (at < 0 ? all : all.subarray(at + 8)).toString("utf8") });
}

`;
