/**
 * Streamed responses: the `HttpResponseStream` prelude a streaming handler writes before its body
 * (JSON metadata, then 8 NUL bytes, under the content type
 * `application/vnd.awslambda.http-integration-response`), and the event-stream messages
 * (`application/vnd.amazon.eventstream`) InvokeWithResponseStream answers with.
 */
import { crc32 } from "node:zlib";

export const HTTP_INTEGRATION = "application/vnd.awslambda.http-integration-response";
/** AWS's limit on a streamed response. */
export const STREAM_LIMIT = 20 * 1024 * 1024;
const DELIMITER = Buffer.alloc(8);
const MAX_PRELUDE = 64 * 1024;

export interface Prelude {
  statusCode?: number;
  headers?: Record<string, unknown>;
  cookies?: string[];
}

/** Splits a function URL's stream into its prelude (status, headers) and its body. */
export class PreludeSplitter {
  started = false;
  private pending?: Buffer;

  constructor(
    private readonly onHead: (p: Prelude) => void,
    private readonly onBody: (chunk: Buffer) => void,
  ) {}

  push(chunk: Buffer, contentType?: string): void {
    if (!this.started && this.pending === undefined) {
      if (contentType !== HTTP_INTEGRATION) {
        this.head({ statusCode: 200, headers: { "content-type": contentType ?? "application/octet-stream" } });
        if (chunk.length > 0) this.onBody(chunk);
        return;
      }
      this.pending = Buffer.alloc(0);
    }
    if (this.pending !== undefined) {
      const all = Buffer.concat([this.pending, chunk]);
      const at = all.indexOf(DELIMITER);
      if (at < 0 && all.length < MAX_PRELUDE) {
        this.pending = all;
        return;
      }
      this.pending = undefined;
      let prelude: Prelude = {};
      try {
        prelude = JSON.parse(all.subarray(0, at < 0 ? 0 : at).toString("utf8")) as Prelude;
      } catch {
        // an unreadable prelude: a 200 with the body as written
      }
      this.head(prelude);
      const rest = at < 0 ? all : all.subarray(at + DELIMITER.length);
      if (rest.length > 0) this.onBody(rest);
      return;
    }
    if (chunk.length > 0) this.onBody(chunk);
  }

  /** The stream ended: a prelude still waiting for its delimiter becomes the answer. */
  end(): void {
    if (this.pending !== undefined) this.push(DELIMITER);
  }

  private head(p: Prelude): void {
    this.started = true;
    this.onHead(p);
  }
}

/** One event-stream message: `:event-type`, `:content-type` and `:message-type` headers, then the payload. */
export function eventMessage(eventType: string, contentType: string, payload: Buffer): Buffer {
  const headers = Buffer.concat([header(":event-type", eventType), header(":content-type", contentType), header(":message-type", "event")]);
  const total = 12 + headers.length + payload.length + 4;
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headers.length, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  const body = Buffer.concat([prelude, headers, payload]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([body, crc]);
}

function header(name: string, value: string): Buffer {
  const n = Buffer.from(name, "utf8");
  const v = Buffer.from(value, "utf8");
  const out = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
  out.writeUInt8(n.length, 0);
  n.copy(out, 1);
  out.writeUInt8(7, 1 + n.length);
  out.writeUInt16BE(v.length, 2 + n.length);
  v.copy(out, 4 + n.length);
  return out;
}
