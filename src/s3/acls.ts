/**
 * ACLs are disabled on buckets with Object Ownership BucketOwnerEnforced (the default since April
 * 2023): such a bucket takes requests that set no ACL or the bucket-owner-full-control canned ACL,
 * and answers any other ACL AccessControlListNotSupported, as S3 does. Other settings accept ACLs
 * (without effect here: the owner always has FULL_CONTROL).
 */
import { AwsError } from "../core/errors.js";
import type { S3Ctx } from "./state.js";
import { getConfig } from "./buckets.js";

export interface AclInput {
  ACL?: string;
  GrantFullControl?: string;
  GrantRead?: string;
  GrantReadACP?: string;
  GrantWrite?: string;
  GrantWriteACP?: string;
}

function setsAcl(input: AclInput): boolean {
  return (input.ACL !== undefined && input.ACL !== "bucket-owner-full-control") || [input.GrantFullControl, input.GrantRead, input.GrantReadACP, input.GrantWrite, input.GrantWriteACP].some((g) => g !== undefined);
}

export function aclsDisabled(ctx: S3Ctx, bucket: string): boolean {
  const controls = getConfig<{ Rule?: { ObjectOwnership?: string } }>(ctx, bucket, "ownershipControls");
  return (controls?.Rule?.ObjectOwnership ?? "BucketOwnerEnforced") === "BucketOwnerEnforced";
}

export function checkAcl(ctx: S3Ctx, bucket: string, input: AclInput): void {
  if (setsAcl(input) && aclsDisabled(ctx, bucket)) throw new AwsError("AccessControlListNotSupported", "The bucket does not allow ACLs", { status: 400 });
}

/** CreateBucket: an ACL with BucketOwnerEnforced (the default, or asked for) is refused in its own words. */
export function checkCreateBucketAcl(input: AclInput & { ObjectOwnership?: string }): void {
  if (setsAcl(input) && (input.ObjectOwnership ?? "BucketOwnerEnforced") === "BucketOwnerEnforced") {
    throw new AwsError("InvalidBucketAclWithObjectOwnership", "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", { status: 400 });
  }
}
