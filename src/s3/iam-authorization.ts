/**
 * What `--enforce-iam` authorizes in S3, with S3's own action names (they differ from operation
 * names: ListObjectsV2 → s3:ListBucket, HeadObject → s3:GetObject, a versioned GetObject →
 * s3:GetObjectVersion, multipart parts → s3:PutObject ...), on the bucket ARN
 * (`arn:aws:s3:::bucket`) or the object ARN (`arn:aws:s3:::bucket/key`), with `s3:prefix`,
 * `s3:delimiter`, `s3:max-keys` for listings. CopyObject and UploadPartCopy also need
 * s3:GetObject on their source. S3's denials quote the resource, as S3 does.
 */
import type { AuthorizationQuery, AuthorizationTarget, ServiceAuthorization } from "../core/auth/types.js";
import { asList } from "../core/protocols/xml.js";

const BUCKET_ACTIONS: Record<string, string> = {
  ListObjects: "s3:ListBucket",
  ListObjectsV2: "s3:ListBucket",
  HeadBucket: "s3:ListBucket",
  ListObjectVersions: "s3:ListBucketVersions",
  ListMultipartUploads: "s3:ListBucketMultipartUploads",
  PutBucketCors: "s3:PutBucketCORS",
  GetBucketCors: "s3:GetBucketCORS",
  DeleteBucketCors: "s3:PutBucketCORS",
  PutBucketNotificationConfiguration: "s3:PutBucketNotification",
  GetBucketNotificationConfiguration: "s3:GetBucketNotification",
  PutBucketLifecycleConfiguration: "s3:PutLifecycleConfiguration",
  GetBucketLifecycleConfiguration: "s3:GetLifecycleConfiguration",
  DeleteBucketLifecycle: "s3:PutLifecycleConfiguration",
  PutBucketEncryption: "s3:PutEncryptionConfiguration",
  GetBucketEncryption: "s3:GetEncryptionConfiguration",
  DeleteBucketEncryption: "s3:PutEncryptionConfiguration",
  DeleteBucketTagging: "s3:PutBucketTagging",
  DeleteBucketOwnershipControls: "s3:PutBucketOwnershipControls",
  PutObjectLockConfiguration: "s3:PutBucketObjectLockConfiguration",
  GetObjectLockConfiguration: "s3:GetBucketObjectLockConfiguration",
  PutPublicAccessBlock: "s3:PutBucketPublicAccessBlock",
  GetPublicAccessBlock: "s3:GetBucketPublicAccessBlock",
  DeletePublicAccessBlock: "s3:PutBucketPublicAccessBlock",
};

const OBJECT_ACTIONS: Record<string, string> = {
  HeadObject: "s3:GetObject",
  GetObject: "s3:GetObject",
  PutObject: "s3:PutObject",
  PostObject: "s3:PutObject",
  CopyObject: "s3:PutObject",
  CreateMultipartUpload: "s3:PutObject",
  UploadPart: "s3:PutObject",
  UploadPartCopy: "s3:PutObject",
  CompleteMultipartUpload: "s3:PutObject",
  AbortMultipartUpload: "s3:AbortMultipartUpload",
  ListParts: "s3:ListMultipartUploadParts",
  DeleteObject: "s3:DeleteObject",
  GetObjectAttributes: "s3:GetObjectAttributes",
  GetObjectTagging: "s3:GetObjectTagging",
  PutObjectTagging: "s3:PutObjectTagging",
  DeleteObjectTagging: "s3:DeleteObjectTagging",
  GetObjectAcl: "s3:GetObjectAcl",
  PutObjectAcl: "s3:PutObjectAcl",
  GetObjectRetention: "s3:GetObjectRetention",
  PutObjectRetention: "s3:PutObjectRetention",
  GetObjectLegalHold: "s3:GetObjectLegalHold",
  PutObjectLegalHold: "s3:PutObjectLegalHold",
  RestoreObject: "s3:RestoreObject",
};

/** Actions that have a `...Version` form when the request names a version. */
const VERSIONED = new Set(["s3:GetObject", "s3:DeleteObject", "s3:GetObjectTagging", "s3:PutObjectTagging", "s3:DeleteObjectTagging", "s3:GetObjectAcl", "s3:PutObjectAcl", "s3:GetObjectAttributes"]);

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function copySource(raw: string): AuthorizationTarget | undefined {
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // kept as sent
  }
  const m = /^\/?([^/]+)\/(.+?)(?:\?versionId=(.*))?$/.exec(text);
  if (!m) return undefined;
  return { action: m[3] ? "s3:GetObjectVersion" : "s3:GetObject", resource: `arn:aws:s3:::${m[1]}/${m[2]}` };
}

function targets(q: AuthorizationQuery): AuthorizationTarget[] | undefined {
  if (q.operation === "PreflightRequest") return undefined;
  if (q.operation === "ListBuckets") return [{ action: "s3:ListAllMyBuckets", resource: "*" }];
  const bucket = str(q.input.Bucket);
  if (!bucket) return undefined;
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const objectAction = OBJECT_ACTIONS[q.operation];
  if (objectAction) {
    const action = VERSIONED.has(objectAction) && str(q.input.VersionId) ? `${objectAction}Version` : objectAction;
    const out: AuthorizationTarget[] = [{ action, resource: `${bucketArn}/${str(q.input.Key) ?? ""}` }];
    const source = str(q.input.CopySource);
    const copied = source && (q.operation === "CopyObject" || q.operation === "UploadPartCopy") ? copySource(source) : undefined;
    if (copied) out.unshift(copied);
    return out;
  }
  if (q.operation === "DeleteObjects") {
    // S3's XML decoder gives the <Object> elements as `Delete.Object` (one element is not a list).
    const objects = asList<{ Key?: string; VersionId?: string }>((q.input.Delete as { Object?: unknown } | undefined)?.Object).slice(0, 1000);
    return objects.map((o) => ({ action: o.VersionId ? "s3:DeleteObjectVersion" : "s3:DeleteObject", resource: `${bucketArn}/${o.Key ?? ""}` }));
  }
  const action = BUCKET_ACTIONS[q.operation] ?? `s3:${q.operation}`;
  const context: Record<string, string> = {};
  if (action === "s3:ListBucket" || action === "s3:ListBucketVersions") {
    if (str(q.input.Prefix) !== undefined) context["s3:prefix"] = str(q.input.Prefix)!;
    if (str(q.input.Delimiter) !== undefined) context["s3:delimiter"] = str(q.input.Delimiter)!;
    if (q.input.MaxKeys !== undefined) context["s3:max-keys"] = String(q.input.MaxKeys as number);
  }
  return [{ action, resource: bucketArn, ...(Object.keys(context).length ? { context } : {}) }];
}

export const s3Authorization: ServiceAuthorization = {
  targets,
  resourceInMessage: (_api, resource) => `"${resource}"`,
};
