/**
 * Receives an object or part body: decodes aws-chunked framing, hashes (MD5 for the ETag plus the
 * requested flexible checksum), writes to a new blob and verifies Content-MD5 and the checksum
 * (header or trailer) before anything is committed. A failed or short body leaves no blob behind.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import type { Readable } from "node:stream";
import { once } from "node:events";
import { takeBufferedChunks } from "../core/buffered-body.js";
import type { S3Ctx } from "./state.js";
import { decodeAwsChunked } from "./aws-chunked.js";
import { CHECKSUM_ALGORITHMS, checksumMember, createHasher, isValidChecksumValue, parseAlgorithm, type ChecksumAlgorithm, type Hasher, type StoredChecksum } from "./checksums.js";
import { s3Errors } from "./errors.js";
import { writeBlobSync } from "./small-blobs.js";

export interface BodyInput {
  Body?: Readable;
  ContentLength?: number;
  ContentMD5?: string;
  ContentSha256?: string;
  ContentEncoding?: string;
  DecodedContentLength?: number;
  Trailer?: string;
  ChecksumAlgorithm?: string;
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumCRC64NVME?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
}

export interface ReceivedBody {
  /** undefined for an empty body (no blob is kept) or one kept inline. */
  blobId?: string;
  /** A small body the caller stores in its row instead of a blob (only when asked for). */
  inline?: Buffer;
  size: number;
  md5Hex: string;
  checksum?: StoredChecksum;
  commit(): void;
  abort(): void;
}

/** Bodies up to this size are gathered and written in one call (cheaper than a write stream). */
const SMALL_BODY = 1024 * 1024;
/**
 * Bodies up to this size may be kept in the object's row. Measured: creating, writing and later
 * unlinking a file costs a 4 KiB PUT more kernel time than the whole SQLite transaction. The cap
 * keeps object bytes from dominating an in-memory instance's RAM and its snapshots (which copy the
 * database, while blobs are shared).
 */
export const INLINE_MAX = 32 * 1024;

export function isAwsChunked(input: BodyInput): boolean {
  return Boolean(input.ContentSha256?.startsWith("STREAMING-") || input.ContentEncoding?.includes("aws-chunked"));
}

/** Content-Encoding as stored: without the transport's `aws-chunked`. */
export function storedContentEncoding(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const rest = value.split(",").map((s) => s.trim()).filter((s) => s && s !== "aws-chunked");
  return rest.length ? rest.join(",") : undefined;
}

const CHECKSUM_MEMBERS = CHECKSUM_ALGORITHMS.map((a) => [a, checksumMember(a)] as const);

function requestedChecksum(input: BodyInput): { algorithm: ChecksumAlgorithm; expected?: string; trailer?: string } | undefined {
  for (const [algorithm, member] of CHECKSUM_MEMBERS) {
    const value = input[member];
    if (value !== undefined) {
      if (!isValidChecksumValue(algorithm, value)) throw s3Errors.invalidChecksum(algorithm);
      return { algorithm, expected: value };
    }
  }
  const trailer = input.Trailer?.trim().toLowerCase();
  if (trailer?.startsWith("x-amz-checksum-")) {
    const algorithm = parseAlgorithm(trailer.slice("x-amz-checksum-".length));
    if (algorithm) return { algorithm, trailer };
  }
  const named = parseAlgorithm(input.ChecksumAlgorithm);
  return named ? { algorithm: named } : undefined;
}

/**
 * PutObject: an `x-amz-sdk-checksum-algorithm` that names another algorithm than the checksum value
 * header sent is refused as S3 refuses it (recorded by S3-compatible gateways tested against AWS).
 */
export function checkSdkAlgorithm(input: BodyInput): void {
  if (input.ChecksumAlgorithm === undefined) return;
  const named = parseAlgorithm(input.ChecksumAlgorithm);
  for (const [algorithm, member] of CHECKSUM_MEMBERS) {
    if (input[member] !== undefined && algorithm !== named) throw s3Errors.invalidRequest("Value for x-amz-sdk-checksum-algorithm header is invalid.");
  }
}

function collect(stream: Readable, limit: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.removeAllListeners("data");
        stream.resume();
        reject(s3Errors.incompleteBody());
        return;
      }
      chunks.push(chunk);
    });
    stream.once("end", () => resolve(chunks));
    stream.once("error", reject);
  });
}

/** `inline`: the caller can store a small body in its row (see INLINE_MAX). */
export async function receiveBody(ctx: S3Ctx, input: BodyInput, maxSize: number, inline = false): Promise<ReceivedBody> {
  const chunked = isAwsChunked(input);
  const declared = chunked ? input.DecodedContentLength : input.ContentLength;
  if (declared !== undefined && declared > maxSize) throw s3Errors.entityTooLarge(declared, maxSize);
  let md5Expected: string | undefined;
  if (input.ContentMD5 !== undefined) {
    const raw = Buffer.from(input.ContentMD5, "base64");
    if (raw.length !== 16) throw s3Errors.invalidDigest();
    md5Expected = raw.toString("hex");
  }
  const wanted = requestedChecksum(input);
  const hasher: Hasher | undefined = wanted ? createHasher(wanted.algorithm) : undefined;
  const md5 = createHash("md5");
  const trailers: Record<string, string> = {};
  let size = 0;
  let blob: { id: string; commit(): void; abort(): void } | undefined;
  let kept: Buffer | undefined;
  try {
    if (declared !== undefined && declared <= SMALL_BODY) {
      // Taken whole when it arrived whole, else gathered with 'data' events (an async iterator
      // over the request costs more than the write).
      const taken = input.Body && takeBufferedChunks(input.Body);
      const raw = taken || (input.Body ? await collect(input.Body, SMALL_BODY * 2 + 64 * 1024) : []);
      let chunks: readonly Buffer[] = raw;
      if (chunked) {
        const decoded: Buffer[] = [];
        for await (const chunk of decodeAwsChunked(raw, trailers)) decoded.push(chunk);
        chunks = decoded;
      }
      // A plain loop: `for await` over an array would cost a promise per chunk.
      for (const chunk of chunks) {
        size += chunk.length;
        if (size > SMALL_BODY) throw s3Errors.incompleteBody();
        md5.update(chunk);
        hasher?.update(chunk);
      }
      if (declared === size && size > 0) {
        if (inline && size <= INLINE_MAX) kept = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
        else blob = writeBlobSync(ctx.blobs, chunks);
      }
    } else {
      const tx = ctx.blobs.begin();
      blob = tx;
      const writer = createWriteStream(tx.tempPath);
      const source: AsyncIterable<Buffer> | Iterable<Buffer> = input.Body ? (chunked ? decodeAwsChunked(input.Body, trailers) : input.Body) : [];
      try {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > maxSize) throw s3Errors.entityTooLarge(size, maxSize);
          md5.update(chunk);
          hasher?.update(chunk);
          if (!writer.write(chunk)) await once(writer, "drain");
        }
      } finally {
        writer.end();
        await once(writer, "close");
      }
    }
    if (declared !== undefined && size !== declared) throw s3Errors.incompleteBody();
    const md5Hex = md5.digest("hex");
    if (md5Expected !== undefined && md5Expected !== md5Hex) throw s3Errors.badDigestMd5();
    let checksum: StoredChecksum | undefined;
    if (wanted && hasher) {
      const actual = await hasher.digest();
      const expected = wanted.expected ?? (wanted.trailer ? trailers[wanted.trailer] : undefined);
      if (expected !== undefined && expected !== actual) throw s3Errors.badChecksum(wanted.algorithm);
      checksum = { algorithm: wanted.algorithm, value: actual, type: "FULL_OBJECT" };
    }
    if (kept) return { inline: kept, size, md5Hex, checksum, commit: () => undefined, abort: () => undefined };
    if (size === 0 || !blob) {
      blob?.abort();
      return { size, md5Hex, checksum, commit: () => undefined, abort: () => undefined };
    }
    return { blobId: blob.id, size, md5Hex, checksum, commit: blob.commit, abort: blob.abort };
  } catch (err) {
    blob?.abort();
    input.Body?.resume();
    throw err;
  }
}

