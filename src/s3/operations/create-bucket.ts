import { checkCreateBucketAcl, type AclInput } from "../acls.js";
import { AwsError } from "../../core/errors.js";
import { bucketChanged, findBucket, isValidBucketName, putConfig } from "../buckets.js";
import { s3Errors } from "../errors.js";
import { s3Operation } from "../wire.js";

interface Input extends AclInput {
  Bucket: string;
  CreateBucketConfiguration?: { LocationConstraint?: string };
  ObjectLockEnabledForBucket?: boolean;
  ObjectOwnership?: string;
}

export const createBucket = s3Operation<Input, { Location: string }>({
  name: "CreateBucket",
  handle(input, ctx) {
    if (!isValidBucketName(input.Bucket)) throw s3Errors.invalidBucketName(input.Bucket);
    checkCreateBucketAcl(input);
    const constraint = input.CreateBucketConfiguration?.LocationConstraint || undefined;
    if (constraint === undefined && ctx.region !== "us-east-1") {
      throw new AwsError("IllegalLocationConstraintException", "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.", { status: 400 });
    }
    if (constraint !== undefined && ctx.region === "us-east-1" && constraint === "us-east-1") {
      throw new AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid", { status: 400, fields: { LocationConstraint: constraint } });
    }
    if (constraint !== undefined && constraint !== ctx.region) {
      throw new AwsError("IllegalLocationConstraintException", `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`, {
        status: 400,
      });
    }
    const sql = ctx.s3.sql;
    const existing = findBucket(ctx, input.Bucket);
    if (existing) {
      if (existing.account !== ctx.accountId) throw s3Errors.bucketAlreadyExists(input.Bucket);
      // us-east-1 answers a re-create of your own bucket with 200 (a legacy AWS behaviour).
      if (existing.region !== "us-east-1" || ctx.region !== "us-east-1") throw s3Errors.bucketAlreadyOwnedByYou(input.Bucket);
      return { Location: `/${input.Bucket}` };
    }
    ctx.store.txn(() => {
      sql.insertBucket.run(input.Bucket, ctx.accountId, constraint ?? ctx.region, ctx.clock.now());
      if (input.ObjectOwnership !== undefined) putConfig(ctx, input.Bucket, "ownershipControls", { Rule: { ObjectOwnership: input.ObjectOwnership } });
      // Object Lock can only be turned on at creation, and it turns versioning on for good.
      if (input.ObjectLockEnabledForBucket) {
        putConfig(ctx, input.Bucket, "object-lock", { ObjectLockEnabled: "Enabled" });
        sql.setVersioning.run("Enabled", input.Bucket);
      }
    });
    bucketChanged(ctx, input.Bucket);
    return { Location: `/${input.Bucket}` };
  },
});
