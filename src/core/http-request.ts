import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import type { HttpRequest } from "./service.js";

/**
 * What every request carries, however it was read. A class rather than an object literal with a
 * getter: such a literal is built by a slow runtime path and ends up in dictionary mode (measured
 * ~2 µs per request, and slower property reads everywhere after).
 */
export abstract class BaseHttpRequest implements HttpRequest {
  readonly method: string;
  rawPath: string;
  readonly rawQuery: string;
  readonly headers: Record<string, string | undefined>;
  readonly host: string;
  readonly endpoint: string;
  private parsedQuery: URLSearchParams | undefined = undefined;

  constructor(method: string, url: string, headers: Record<string, string | undefined>, scheme: "http" | "https" = "http") {
    const q = url.indexOf("?");
    this.method = method;
    this.rawPath = q >= 0 ? url.slice(0, q) : url;
    this.rawQuery = q >= 0 ? url.slice(q + 1) : "";
    this.headers = headers;
    this.host = headers.host ?? "localhost";
    this.endpoint = `${scheme}://${this.host}`;
  }

  get query(): URLSearchParams {
    return (this.parsedQuery ??= new URLSearchParams(this.rawQuery));
  }

  abstract readonly bodyStream: Readable;
  abstract readBody(limit: number, tooLarge: () => Error): Promise<Buffer>;

  readBodyNow(_limit: number, _tooLarge: () => Error): Buffer | undefined {
    return undefined;
  }
}

/** Node's request as the codecs see it; the body is read lazily, at most once. */
class NodeHttpRequest extends BaseHttpRequest {
  private body: Promise<Buffer> | undefined = undefined;

  constructor(readonly bodyStream: IncomingMessage) {
    // Node joins repeated headers with ", " already; only set-cookie stays an array (never sent to us).
    super(bodyStream.method ?? "GET", bodyStream.url ?? "/", bodyStream.headers as Record<string, string | undefined>, (bodyStream.socket as { encrypted?: boolean } | null)?.encrypted ? "https" : "http");
  }

  readBody(limit: number, tooLarge: () => Error): Promise<Buffer> {
    return (this.body ??= readAll(this.bodyStream, limit, tooLarge));
  }
}

export function toHttpRequest(raw: IncomingMessage): HttpRequest {
  return new NodeHttpRequest(raw);
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
