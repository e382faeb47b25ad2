/**
 * Bucket settings stored and returned as sent. Lifecycle rules are applied by lifecycle.ts; the
 * others change nothing here (encryption is not applied, public access is not enforced), but
 * deployment tools set and read them, so they must round-trip.
 */
import { asList } from "../../core/protocols/xml.js";
import { s3Errors } from "../errors.js";
import { modelEnum } from "../model-binding.js";
import { subresourceOperations } from "./bucket-subresource.js";

type Doc = Record<string, unknown>;

function document(doc: unknown): Doc {
  if (typeof doc !== "object" || doc === null) throw s3Errors.malformedXml();
  return doc as Doc;
}

/** S3's checks of lifecycle transitions: a known class, and at least 30 days before an infrequent-access class. */
function lifecycleDocument(doc: unknown): Doc {
  const d = document(doc);
  for (const rule of asList<Record<string, unknown>>(d.Rule)) {
    for (const [action, daysName] of [["Transition", "Days"], ["NoncurrentVersionTransition", "NoncurrentDays"]] as const) {
      for (const t of asList<Record<string, string | undefined>>(rule[action])) {
        const cls = t.StorageClass;
        if (cls === undefined || !TRANSITION_CLASSES.has(cls)) throw s3Errors.malformedXml();
        const days = t[daysName];
        if (days !== undefined && (cls === "STANDARD_IA" || cls === "ONEZONE_IA") && Number(days) < 30) {
          throw s3Errors.invalidArgument(`'${daysName}' in ${action} action must be greater than or equal to 30 for storageClass '${cls}'`);
        }
      }
    }
  }
  return d;
}

const TRANSITION_CLASSES = modelEnum("TransitionStorageClass");

export const [putBucketLifecycleConfiguration, getBucketLifecycleConfiguration, deleteBucketLifecycle] = subresourceOperations<Doc>({
  query: "lifecycle",
  name: "BucketLifecycleConfiguration",
  deleteName: "DeleteBucketLifecycle",
  member: "LifecycleConfiguration",
  xmlRoot: "LifecycleConfiguration",
  parse: lifecycleDocument,
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
