import type { AclInput } from "./acls.js";
import type { EncryptionInput } from "./encryption.js";
import type { ObjectHeaders } from "./objects.js";
import { AwsError } from "../core/errors.js";
import { bareObject } from "../core/guard-objects.js";

export interface MetadataInput extends Omit<ObjectHeaders, "BucketKeyEnabled">, AclInput, EncryptionInput {
  StorageClass?: string;
}

const STORAGE_CLASSES = new Set([
  "STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "OUTPOSTS", "GLACIER_IR", "SNOW", "EXPRESS_ONEZONE",
]);
const MAX_USER_METADATA = 2048;

export function storageClassOf(value: string | undefined): string {
  if (value === undefined) return "STANDARD";
  // AWS's answer, as tools run against it record it (s5cmd, s3cmd): InvalidStorageClass.
  if (!STORAGE_CLASSES.has(value)) throw new AwsError("InvalidStorageClass", "The storage class you specified is not valid", { status: 400 });
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
    Metadata: metadata,
  };
}
