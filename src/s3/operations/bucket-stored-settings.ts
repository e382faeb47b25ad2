/**
 * Bucket settings stored and returned as sent. Lifecycle rules are applied by lifecycle.ts; the
 * others change nothing here (encryption is not applied, public access is not enforced), but
 * deployment tools set and read them, so they must round-trip.
 */
import { s3Errors } from "../errors.js";
import { subresourceOperations } from "./bucket-subresource.js";

type Doc = Record<string, unknown>;

function document(doc: unknown): Doc {
  if (typeof doc !== "object" || doc === null) throw s3Errors.malformedXml();
  return doc as Doc;
}

export const [putBucketLifecycleConfiguration, getBucketLifecycleConfiguration, deleteBucketLifecycle] = subresourceOperations<Doc>({
  query: "lifecycle",
  name: "BucketLifecycleConfiguration",
  deleteName: "DeleteBucketLifecycle",
  member: "LifecycleConfiguration",
  xmlRoot: "LifecycleConfiguration",
  parse: document,
  render: (doc) => doc,
  missing: { code: "NoSuchLifecycleConfiguration", message: "The lifecycle configuration does not exist" },
});

export const [putBucketEncryption, getBucketEncryption, deleteBucketEncryption] = subresourceOperations<Doc>({
  query: "encryption",
  name: "BucketEncryption",
  member: "ServerSideEncryptionConfiguration",
  xmlRoot: "ServerSideEncryptionConfiguration",
  parse: document,
  render: (doc) => doc,
  // AWS encrypts every bucket with SSE-S3 by default, so there is always a configuration to return.
  missing: { code: "", message: "" },
  fallback: { Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: "false" } },
});

export const [putPublicAccessBlock, getPublicAccessBlock, deletePublicAccessBlock] = subresourceOperations<Doc>({
  query: "publicAccessBlock",
  name: "PublicAccessBlock",
  member: "PublicAccessBlockConfiguration",
  xmlRoot: "PublicAccessBlockConfiguration",
  parse: document,
  render: (doc) => doc,
  missing: { code: "NoSuchPublicAccessBlockConfiguration", message: "The public access block configuration was not found" },
});

export const [putBucketOwnershipControls, getBucketOwnershipControls, deleteBucketOwnershipControls] = subresourceOperations<Doc>({
  query: "ownershipControls",
  name: "BucketOwnershipControls",
  member: "OwnershipControls",
  xmlRoot: "OwnershipControls",
  parse: document,
  render: (doc) => doc,
  missing: { code: "", message: "" },
  // New buckets have ACLs disabled (BucketOwnerEnforced) since April 2023.
  fallback: { Rule: { ObjectOwnership: "BucketOwnerEnforced" } },
});
