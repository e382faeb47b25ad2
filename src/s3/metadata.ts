import type { AclInput } from "./acls.js";
import type { ObjectHeaders } from "./objects.js";
import { AwsError } from "../core/errors.js";
import { s3Errors } from "./errors.js";
import { bareObject } from "../core/guard-objects.js";

export interface MetadataInput extends ObjectHeaders, AclInput {
  StorageClass?: string;
}

const STORAGE_CLASSES = new Set([
  "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE",
]);
const MAX_USER_METADATA = 2048;

export function storageClassOf(value: string | undefined): string {
  if (value === undefined) return "STANDARD";
  if (!STORAGE_CLASSES.has(value)) throw s3Errors.invalidArgument("Invalid storage class.", "x-amz-storage-class", value);
  return value;
}

/** What a new object keeps of its request's headers (user metadata keys lower-cased, as S3 does). */
export function objectHeaders(input: MetadataInput, contentEncoding: string | undefined): ObjectHeaders {
  let metadata: Record<string, string> | undefined;
  if (input.Metadata) {
    metadata = bareObject<string>(); // `x-amz-meta-__proto__` is a key like any other
    let size = 0;
    for (const [k, v] of Object.entries(input.Metadata)) {
      metadata[k.toLowerCase()] = v;
      size += k.length + v.length;
    }
    if (size > MAX_USER_METADATA) {
      throw new AwsError("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.", {
        status: 400,
        fields: { Size: size, MaxSizeAllowed: MAX_USER_METADATA },
      });
    }
  }
  return {
    ContentType: input.ContentType ?? "binary/octet-stream",
    ContentEncoding: contentEncoding,
    ContentDisposition: input.ContentDisposition,
    ContentLanguage: input.ContentLanguage,
    CacheControl: input.CacheControl,
    Expires: input.Expires,
    WebsiteRedirectLocation: input.WebsiteRedirectLocation,
    ...(input.ServerSideEncryption && input.ServerSideEncryption !== "AES256" ? { ServerSideEncryption: input.ServerSideEncryption, SSEKMSKeyId: input.SSEKMSKeyId } : {}),
    Metadata: metadata,
  };
}

const SSE_ALGORITHMS = new Set(["AES256", "aws:kms", "aws:kms:dsse"]);

/** The encryption an object is answered with: SSE-S3 unless it was stored with another. */
export function encryptionOf(h: { ServerSideEncryption?: string; SSEKMSKeyId?: string }): { ServerSideEncryption: string; SSEKMSKeyId?: string } {
  return { ServerSideEncryption: h.ServerSideEncryption ?? "AES256", SSEKMSKeyId: h.SSEKMSKeyId };
}

export function checkEncryption(value: string | undefined): void {
  if (value !== undefined && !SSE_ALGORITHMS.has(value)) throw s3Errors.invalidArgument("The encryption method specified is not supported", "x-amz-server-side-encryption", value);
}
