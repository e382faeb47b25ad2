import { checkAcl, type AclInput } from "../acls.js";
/**
 * ACLs: every bucket and object is owned by its bucket's account with FULL_CONTROL (what AWS
 * reports with ACLs disabled, the default since 2023). With ACLs disabled (BucketOwnerEnforced)
 * only bucket-owner-full-control is accepted (acls.ts); otherwise a Put changes nothing.
 */
import { requireBucket } from "../buckets.js";
import { findVersion } from "../objects.js";
import { s3Operation } from "../wire.js";

function policy(account: string): Record<string, unknown> {
  const owner = { ID: account, DisplayName: "local-aws" };
  return {
    Owner: owner,
    AccessControlList: {
      Grant: {
        Grantee: { "@xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance", "@xsi:type": "CanonicalUser", ...owner },
        Permission: "FULL_CONTROL",
      },
    },
  };
}

interface Input extends AclInput {
  Bucket: string;
  Key?: string;
  VersionId?: string;
}

export const getBucketAcl = s3Operation<Input, Record<string, unknown>>({
  name: "GetBucketAcl",
  wire: { xmlRoot: "AccessControlPolicy" },
  handle(input, ctx) {
    return policy(requireBucket(ctx, input.Bucket).account);
  },
});

export const putBucketAcl = s3Operation<Input, Record<string, never>>({
  name: "PutBucketAcl",
  handle(input, ctx) {
    requireBucket(ctx, input.Bucket);
    checkAcl(ctx, input.Bucket, input);
    return {};
  },
});

export const getObjectAcl = s3Operation<Input, Record<string, unknown>>({
  name: "GetObjectAcl",
  wire: { xmlRoot: "AccessControlPolicy" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    findVersion(ctx, bucket, input.Key!, input.VersionId, "GET");
    return policy(bucket.account);
  },
});

export const putObjectAcl = s3Operation<Input, Record<string, never>>({
  name: "PutObjectAcl",
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    checkAcl(ctx, bucket.name, input);
    findVersion(ctx, bucket, input.Key!, input.VersionId, "PUT");
    return {};
  },
});
