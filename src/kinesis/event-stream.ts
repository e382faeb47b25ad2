/**
 * AWS's event-stream framing (`application/vnd.amazon.eventstream`): each message is a prelude
 * (total length, headers length, prelude CRC32), string headers, the payload and a CRC32 of it all.
 */
import { crc32 } from "node:zlib";

export const EVENT_STREAM_TYPE = "application/vnd.amazon.eventstream";

function header(name: string, value: string): Buffer {
  const n = Buffer.from(name, "utf8");
  const v = Buffer.from(value, "utf8");
  const out = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
  out.writeUInt8(n.length, 0);
  n.copy(out, 1);
  out.writeUInt8(7, 1 + n.length); // header value type 7: string
  out.writeUInt16BE(v.length, 2 + n.length);
  v.copy(out, 4 + n.length);
  return out;
}

function frame(headers: [string, string][], payload: Buffer): Buffer {
  const head = Buffer.concat(headers.map(([n, v]) => header(n, v)));
  const total = 12 + head.length + payload.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(head.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  head.copy(out, 12);
  payload.copy(out, 12 + head.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

/** An event of the stream (`:message-type event`), its payload JSON. */
export function eventMessage(eventType: string, payload: string): Buffer {
  return frame(
    [
      [":event-type", eventType],
      [":content-type", "application/json"],
      [":message-type", "event"],
    ],
    Buffer.from(payload, "utf8"),
  );
}

/** A modelled error inside the stream (`:message-type exception`). */
export function exceptionMessage(code: string, message: string): Buffer {
  return frame(
    [
      [":exception-type", code],
      [":content-type", "application/json"],
      [":message-type", "exception"],
    ],
    Buffer.from(JSON.stringify({ message }), "utf8"),
  );
}
