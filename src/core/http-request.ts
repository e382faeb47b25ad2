import type { IncomingMessage } from "node:http";
import type { HttpRequest } from "./service.js";

/** Adapts Node's request to the codecs' view; the body is read lazily, at most once. */
export function toHttpRequest(raw: IncomingMessage): HttpRequest {
  const url = raw.url ?? "/";
  const q = url.indexOf("?");
  const rawPath = q >= 0 ? url.slice(0, q) : url;
  const rawQuery = q >= 0 ? url.slice(q + 1) : "";
  // Node joins repeated headers with ", " already; only set-cookie stays an array (never sent to us).
  const headers = raw.headers as Record<string, string | undefined>;
  const host = headers.host ?? "localhost";
  let body: Promise<Buffer> | undefined;
  let query: URLSearchParams | undefined;
  return {
    method: raw.method ?? "GET",
    rawPath,
    rawQuery,
    get query() {
      return (query ??= new URLSearchParams(rawQuery));
    },
    headers,
    host,
    endpoint: `http://${host}`,
    bodyStream: raw,
    readBody(limit: number, tooLarge: () => Error): Promise<Buffer> {
      return (body ??= readAll(raw, limit, tooLarge));
    },
  };
}

function readAll(raw: IncomingMessage, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const declared = Number(raw.headers["content-length"] ?? NaN);
  if (declared > limit) {
    raw.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        raw.off("data", onData);
        raw.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    raw.on("data", onData);
    raw.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    raw.once("error", reject);
  });
}
