/**
 * Decoder for `Content-Encoding: aws-chunked` bodies: `<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n`
 * chunks, a zero-size chunk, then trailing headers (`x-amz-checksum-crc32:<b64>\r\n`, optionally
 * `x-amz-trailer-signature:...`) and an empty line. The SDK's default PutObject body looks like this
 * (STREAMING-UNSIGNED-PAYLOAD-TRAILER); signed variants carry chunk signatures, which we skip.
 */
import { AwsError } from "../core/errors.js";

function malformed(): AwsError {
  return new AwsError("IncompleteBody", "The request body terminated unexpectedly", { status: 400 });
}

type State = "size" | "data" | "trailers" | "done";
const CRLF = Buffer.from("\r\n");
const MAX_LINE = 4096;

export async function* decodeAwsChunked(source: AsyncIterable<Buffer> | Iterable<Buffer>, trailers: Record<string, string>): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  // Bytes of chunk data still expected (after the size line), then 2 for its CRLF.
  let dataLeft = 0;
  let crlfLeft = 0;
  let state = "size" as State;

  const takeLine = (): string | undefined => {
    const i = pending.indexOf(CRLF);
    if (i < 0) {
      if (pending.length > MAX_LINE) throw malformed();
      return undefined;
    }
    const line = pending.subarray(0, i).toString("latin1");
    pending = pending.subarray(i + 2);
    return line;
  };

  for await (const input of source) {
    pending = pending.length === 0 ? input : Buffer.concat([pending, input]);
    for (;;) {
      if (state === "data") {
        if (dataLeft > 0) {
          if (pending.length === 0) break;
          const n = Math.min(dataLeft, pending.length);
          yield pending.subarray(0, n);
          pending = pending.subarray(n);
          dataLeft -= n;
          if (dataLeft > 0) break;
        }
        const n = Math.min(crlfLeft, pending.length);
        pending = pending.subarray(n);
        crlfLeft -= n;
        if (crlfLeft > 0) break;
        state = "size";
      }
      if (state === "size") {
        const line = takeLine();
        if (line === undefined) break;
        const size = parseInt(line.split(";", 1)[0]!.trim(), 16);
        if (!Number.isFinite(size) || size < 0) throw malformed();
        if (size === 0) {
          state = "trailers";
        } else {
          dataLeft = size;
          crlfLeft = 2;
          state = "data";
        }
        continue;
      }
      if (state === "trailers") {
        const line = takeLine();
        if (line === undefined) break;
        if (line === "") {
          state = "done";
          break;
        }
        const colon = line.indexOf(":");
        if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        continue;
      }
      break;
    }
  }
  // Some clients end the trailer section without the final empty line.
  if ((state as State) === "trailers" && pending.length > 0) {
    const line = pending.toString("latin1").trim();
    const colon = line.indexOf(":");
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    state = "done";
  }
  if ((state as State) !== "done" && (state as State) !== "trailers") throw malformed();
}
