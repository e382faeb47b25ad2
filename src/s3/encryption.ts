/**
 * Server-side encryption an object is stored and answered with. Since January 2023 S3 encrypts
 * every new object: SSE-S3 (AES256) unless the request or the bucket's default encryption says
 * aws:kms / aws:kms:dsse. KMS key ids are answered in ARN form, as S3 answers them (a bare key id
 * becomes `arn:aws:kms:<region>:<account>:key/<id>`; without a key, the account's AWS managed key
 * `aws/s3`). No bytes are encrypted here, and an alias is not resolved to its key (there is no KMS):
 * it is answered as an alias ARN.
 */
import { createHash } from "node:crypto";
import { asList } from "../core/protocols/xml.js";
import type { S3Scope } from "./state.js";
import { getConfig } from "./buckets.js";
import { s3Errors } from "./errors.js";

export interface EncryptionInput {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  /** A boolean header in AWS's model (`true` only for "true"). */
  BucketKeyEnabled?: boolean;
}

/** What a version keeps of its encryption (nothing for SSE-S3, the default). */
export interface StoredEncryption {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  BucketKeyEnabled?: boolean;
}

const SSE_ALGORITHMS = new Set(["AES256", "aws:kms", "aws:kms:dsse"]);

interface DefaultRule {
  ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string };
  BucketKeyEnabled?: string;
}

function bucketDefault(scope: S3Scope, bucket: string): DefaultRule | undefined {
  const doc = getConfig<{ Rule?: unknown }>(scope, bucket, "encryption");
  return doc ? asList<DefaultRule>(doc.Rule)[0] : undefined;
}

/** The account's AWS managed key for S3 (`aws/s3`): a stable id per account and region. */
function managedKeyId(account: string, region: string): string {
  const h = createHash("sha256").update(`aws/s3\n${account}\n${region}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A KMS key id as S3 answers it: an ARN. */
export function kmsKeyArn(keyId: string | undefined, account: string, region: string): string {
  if (!keyId) return `arn:aws:kms:${region}:${account}:key/${managedKeyId(account, region)}`;
  if (keyId.startsWith("arn:")) return keyId;
  if (keyId.startsWith("alias/")) return `arn:aws:kms:${region}:${account}:${keyId}`;
  return `arn:aws:kms:${region}:${account}:key/${keyId}`;
}

/**
 * The encryption of a new object from its request headers and its bucket's default encryption.
 * `customerKey`: the request used SSE-C (then nothing else applies).
 */
export function encryptionFor(
  ctx: S3Scope,
  bucket: { name: string; account: string; region: string },
  input: EncryptionInput,
  customerKey: boolean,
): StoredEncryption {
  const asked = input.ServerSideEncryption;
  if (asked !== undefined && !SSE_ALGORITHMS.has(asked)) throw s3Errors.invalidArgument("The encryption method specified is not supported", "x-amz-server-side-encryption", asked);
  if (customerKey) {
    if (asked !== undefined) throw s3Errors.invalidArgument("Server Side Encryption with Customer provided key is incompatible with the encryption method specified", "x-amz-server-side-encryption", asked);
    return {};
  }
  if (input.SSEKMSKeyId !== undefined && asked !== "aws:kms" && asked !== "aws:kms:dsse") {
    throw s3Errors.invalidArgument("Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms", "x-amz-server-side-encryption-aws-kms-key-id", input.SSEKMSKeyId);
  }
  const rule = bucketDefault(ctx, bucket.name);
  const algorithm = asked ?? rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ?? "AES256";
  if (algorithm === "AES256") return {};
  const keyId = asked !== undefined ? input.SSEKMSKeyId : rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID;
  const bucketKey = input.BucketKeyEnabled !== undefined ? input.BucketKeyEnabled : rule?.BucketKeyEnabled === "true";
  return {
    ServerSideEncryption: algorithm,
    SSEKMSKeyId: kmsKeyArn(keyId, bucket.account, bucket.region),
    BucketKeyEnabled: bucketKey && algorithm === "aws:kms" ? true : undefined,
  };
}

/** The encryption members a response names for a stored version (SSE-S3 unless it was stored with another). */
export function encryptionOf(h: StoredEncryption & { SSECustomerKeyMD5?: string }): { ServerSideEncryption?: string; SSEKMSKeyId?: string; BucketKeyEnabled?: boolean } {
  if (h.SSECustomerKeyMD5) return {};
  return { ServerSideEncryption: h.ServerSideEncryption ?? "AES256", SSEKMSKeyId: h.SSEKMSKeyId, BucketKeyEnabled: h.BucketKeyEnabled };
}

/** A copy's headers without the source's encryption (a copy is encrypted as its own request says). */
export function withoutEncryption<T extends StoredEncryption & { SSECustomerAlgorithm?: string; SSECustomerKeyMD5?: string }>(h: T): T {
  const { ServerSideEncryption: _a, SSEKMSKeyId: _b, BucketKeyEnabled: _c, SSECustomerAlgorithm: _d, SSECustomerKeyMD5: _e, ...rest } = h;
  return rest as T;
}
