import { randomBytes, randomUUID } from "node:crypto";

/** A request id as AWS formats them (a UUID). */
export function requestId(): string {
  return randomUUID();
}

export function uuid(): string {
  return randomUUID();
}

export function hexId(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** S3's x-amz-id-2: an opaque base64 token. */
export function extendedRequestId(): string {
  return randomBytes(48).toString("base64");
}

/** An id of upper-case letters and digits, like API Gateway's or CloudFront's. */
export function alphanumericId(length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}
