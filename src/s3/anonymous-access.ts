/**
 * Requests without credentials (no signature, no presigned URL, no signed POST policy). On AWS
 * such a request is served only when the bucket policy allows it for Principal "*" (and an
 * explicit Deny refuses it); anything else is 403 AccessDenied, and a missing key reads as
 * AccessDenied unless s3:ListBucket is allowed too.
 *
 * Judged only with `--enforce-iam on|strict`: by default local-aws serves unsigned requests as
 * signed ones (curl, browsers and `--no-sign-request` against a fresh bucket keep working, as
 * they always have here), the same way it takes any credentials.
 */
import type { S3Ctx } from "./state.js";
import { AwsError } from "../core/errors.js";
import { asList } from "../core/protocols/xml.js";
import { findBucket, getConfig } from "./buckets.js";
import { evaluateAnonymous, statementsOf, type RequestValues } from "./policy-eval.js";

/** Operations whose IAM action is not `s3:<OperationName>`. */
const ACTIONS: Record<string, string> = {
  HeadObject: "s3:GetObject",
  PostObject: "s3:PutObject",
  CopyObject: "s3:PutObject",
  CreateMultipartUpload: "s3:PutObject",
  UploadPart: "s3:PutObject",
  UploadPartCopy: "s3:PutObject",
  CompleteMultipartUpload: "s3:PutObject",
  ListParts: "s3:ListMultipartUploadParts",
  ListMultipartUploads: "s3:ListBucketMultipartUploads",
  DeleteObjects: "s3:DeleteObject",
  ListObjects: "s3:ListBucket",
  ListObjectsV2: "s3:ListBucket",
  HeadBucket: "s3:ListBucket",
  ListObjectVersions: "s3:ListBucketVersions",
  ListBuckets: "s3:ListAllMyBuckets",
  GetBucketCors: "s3:GetBucketCORS",
  PutBucketCors: "s3:PutBucketCORS",
  DeleteBucketCors: "s3:PutBucketCORS",
  GetBucketLifecycleConfiguration: "s3:GetLifecycleConfiguration",
  PutBucketLifecycleConfiguration: "s3:PutLifecycleConfiguration",
  DeleteBucketLifecycle: "s3:PutLifecycleConfiguration",
  GetBucketEncryption: "s3:GetEncryptionConfiguration",
  PutBucketEncryption: "s3:PutEncryptionConfiguration",
  DeleteBucketEncryption: "s3:PutEncryptionConfiguration",
  GetBucketNotificationConfiguration: "s3:GetBucketNotification",
  PutBucketNotificationConfiguration: "s3:PutBucketNotification",
  GetPublicAccessBlock: "s3:GetBucketPublicAccessBlock",
  PutPublicAccessBlock: "s3:PutBucketPublicAccessBlock",
  DeletePublicAccessBlock: "s3:PutBucketPublicAccessBlock",
  DeleteBucketOwnershipControls: "s3:PutBucketOwnershipControls",
  GetObjectLockConfiguration: "s3:GetBucketObjectLockConfiguration",
  PutObjectLockConfiguration: "s3:PutBucketObjectLockConfiguration",
  DeleteBucketTagging: "s3:PutBucketTagging",
};

/** Object operations whose action gains `Version` when a version is named. */
const VERSIONED = new Set(["s3:GetObject", "s3:DeleteObject", "s3:GetObjectTagging", "s3:PutObjectTagging", "s3:DeleteObjectTagging", "s3:GetObjectAcl", "s3:PutObjectAcl", "s3:GetObjectAttributes"]);

export interface AccessInput {
  Bucket?: string;
  Key?: string;
  VersionId?: string;
  Prefix?: string;
  Referer?: string;
}

export function actionOf(operation: string, input: AccessInput): string {
  const action = ACTIONS[operation] ?? `s3:${operation}`;
  return input.VersionId !== undefined && VERSIONED.has(action) ? `${action}Version` : action;
}

export function accessDenied(): AwsError {
  return new AwsError("AccessDenied", "Access Denied", { status: 403 });
}

/** Whether this server judges unsigned requests by bucket policies (`--enforce-iam on|strict`). */
export function judgesAnonymous(ctx: S3Ctx): boolean {
  const mode = (ctx.settings as { enforceIam?: string }).enforceIam;
  return mode === "on" || mode === "strict";
}

function values(ctx: S3Ctx, input: AccessInput): RequestValues {
  return {
    "aws:securetransport": ctx.endpoint.startsWith("https:") ? "true" : "false",
    "aws:referer": input.Referer,
    "s3:prefix": input.Prefix,
  };
}

/** The policy's verdict on an anonymous request for `action` on the bucket or one of its keys. */
export function anonymousVerdict(ctx: S3Ctx, bucket: string, key: string | undefined, action: string, input: AccessInput): "allow" | "deny" | "none" {
  const statements = statementsOf(getConfig<string>(ctx, bucket, "policy"));
  const resource = key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
  return evaluateAnonymous(statements, action, resource, values(ctx, input));
}

/** Refuses an anonymous request the bucket policy does not allow (AccessDenied, as S3 answers). */
export function checkAnonymous(ctx: S3Ctx, operation: string, input: AccessInput, keys?: string[]): void {
  if (!input.Bucket) throw accessDenied();
  const action = actionOf(operation, input);
  for (const key of keys ?? [input.Key]) {
    if (anonymousVerdict(ctx, input.Bucket, key, action, input) !== "allow") throw accessDenied();
  }
}

/** A missing key under an anonymous GET/HEAD is AccessDenied unless the policy also allows s3:ListBucket. */
export function hidesMissingKeys(ctx: S3Ctx, input: AccessInput): boolean {
  return input.Bucket !== undefined && anonymousVerdict(ctx, input.Bucket, undefined, "s3:ListBucket", input) !== "allow";
}

/**
 * The wire layer's gate for an unsigned request: refuses what the policy does not allow. Returns
 * whether the bucket exists (a request to a missing bucket goes on to answer NoSuchBucket, as S3 does).
 */
export function gateAnonymous(ctx: S3Ctx, operation: string, input: AccessInput & { Delete?: { Object?: unknown } }): boolean {
  if (!input.Bucket || operation === "CreateBucket") throw accessDenied();
  if (!findBucket(ctx, input.Bucket)) return false;
  const keys = operation === "DeleteObjects" ? asList<{ Key?: string }>(input.Delete?.Object).map((o) => o.Key ?? "") : undefined;
  checkAnonymous(ctx, operation, input, keys);
  return true;
}

/** Runs a GET/HEAD whose NoSuchKey becomes AccessDenied when the anonymous caller may not list the bucket. */
export async function answerMissingAsDenied<T>(ctx: S3Ctx, input: AccessInput, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AwsError && err.code === "NoSuchKey" && hidesMissingKeys(ctx, input)) throw accessDenied();
    throw err;
  }
}
