import { randomBytes, randomUUID } from "node:crypto";

/**
 * A request id as AWS formats them (a UUID): a random one per process whose last 12 hex digits
 * count requests. Unique like a random UUID at a fraction of randomUUID's cost (which builds each
 * id from 16 string concatenations, on every request).
 */
const REQUEST_ID_PREFIX = randomUUID().slice(0, 24);
let requestCount = Math.floor(Math.random() * 2 ** 32);

export function requestId(): string {
  requestCount = (requestCount + 1) % 2 ** 48;
  const hex = requestCount.toString(16);
  return REQUEST_ID_PREFIX + (hex.length === 12 ? hex : "000000000000".slice(hex.length) + hex);
}

export function uuid(): string {
  return randomUUID();
}

/** Random bytes drawn from a pooled buffer: one randomBytes call per request cost more than the rest of the id. */
const POOL_SIZE = 8192;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function pooledRandom(bytes: number): Buffer {
  if (bytes > POOL_SIZE) return randomBytes(bytes);
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return out;
}

export function hexId(bytes: number): string {
  return pooledRandom(bytes).toString("hex");
}

/** S3's x-amz-id-2: an opaque base64 token. */
export function extendedRequestId(): string {
  return pooledRandom(48).toString("base64");
}

/** An id of upper-case letters and digits, like API Gateway's or CloudFront's. */
export function alphanumericId(length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}
