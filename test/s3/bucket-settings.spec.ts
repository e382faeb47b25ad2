import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketOwnershipControlsCommand,
  GetObjectAclCommand,
  GetPublicAccessBlockCommand,
  PutBucketAclCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const Bucket = uniqueName("settings").toLowerCase();

beforeAll(async () => {
  await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket }));
});

describe("errors", () => {
  it("answers NoSuchLifecycleConfiguration and NoSuchPublicAccessBlockConfiguration when unset", async () => {
    const s3 = ctx.client(S3Client);
    await expectAwsError(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket })), {
      name: "NoSuchLifecycleConfiguration",
      status: 404,
      message: "The lifecycle configuration does not exist",
    });
    await expectAwsError(s3.send(new GetPublicAccessBlockCommand({ Bucket })), {
      name: "NoSuchPublicAccessBlockConfiguration",
      status: 404,
      message: "The public access block configuration was not found",
    });
  });

  it("answers NoSuchKey for the ACL of a missing object", async () => {
    await expectAwsError(ctx.client(S3Client).send(new GetObjectAclCommand({ Bucket, Key: "absent" })), { name: "NoSuchKey", status: 404 });
  });
});

describe("behaviour", () => {
  it("reports AWS's defaults: SSE-S3 encryption, BucketOwnerEnforced and an owner-only ACL", async () => {
    const s3 = ctx.client(S3Client);
    const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe("AES256");
    const own = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket }));
    expect(own.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe("BucketOwnerEnforced");
    // ACLs are disabled (BucketOwnerEnforced): only bucket-owner-full-control is taken.
    await expectAwsError(s3.send(new PutBucketAclCommand({ Bucket, ACL: "private" })), { name: "AccessControlListNotSupported", status: 400, message: "The bucket does not allow ACLs" });
    const acl = await s3.send(new GetBucketAclCommand({ Bucket }));
    expect(acl.Grants).toEqual([{ Grantee: { Type: "CanonicalUser", ID: acl.Owner?.ID, DisplayName: "local-aws" }, Permission: "FULL_CONTROL" }]);
    await expectAwsError(s3.send(new PutObjectCommand({ Bucket, Key: "o", Body: "x", ACL: "public-read" })), { name: "AccessControlListNotSupported", status: 400 });
    await s3.send(new PutObjectCommand({ Bucket, Key: "o", Body: "x", ACL: "bucket-owner-full-control" }));
    expect((await s3.send(new GetObjectAclCommand({ Bucket, Key: "o" }))).Grants?.[0]?.Permission).toBe("FULL_CONTROL");
  });

  it("stores lifecycle rules and public access blocks", async () => {
    const s3 = ctx.client(S3Client);
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: { Rules: [{ ID: "expire-tmp", Status: "Enabled", Filter: { Prefix: "tmp/" }, Expiration: { Days: 7 } }] },
      }),
    );
    const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }))).Rules;
    expect(rules).toEqual([{ ID: "expire-tmp", Status: "Enabled", Filter: { Prefix: "tmp/" }, Expiration: { Days: 7 } }]);
    await s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: false } }));
    const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket }));
    expect(pab.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: false });
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket }));
    await expectAwsError(s3.send(new GetPublicAccessBlockCommand({ Bucket })), { name: "NoSuchPublicAccessBlockConfiguration", status: 404 });
  });
});
