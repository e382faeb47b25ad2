import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const s3 = (): S3Client => ctx.client(S3Client);
const DAY = 86_400_000;
const PROTECTED = { name: "AccessDenied", status: 403, message: "Access Denied because object protected by object lock." };

async function lockedBucket(): Promise<string> {
  const Bucket = uniqueName("lock").toLowerCase();
  await s3().send(new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true }));
  return Bucket;
}

describe("object lock", () => {
  it("is enabled at creation with versioning, and refuses lock settings on other buckets", async () => {
    const Bucket = await lockedBucket();
    expect((await s3().send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe("Enabled");
    expect((await s3().send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration?.ObjectLockEnabled).toBe("Enabled");
    const plain = uniqueName("nolock").toLowerCase();
    await s3().send(new CreateBucketCommand({ Bucket: plain }));
    await expectAwsError(s3().send(new GetObjectLockConfigurationCommand({ Bucket: plain })), { name: "ObjectLockConfigurationNotFoundError", status: 404 });
    await expectAwsError(s3().send(new PutObjectLockConfigurationCommand({ Bucket: plain, ObjectLockConfiguration: { ObjectLockEnabled: "Enabled" } })), { name: "InvalidBucketState", status: 409 });
    await expectAwsError(s3().send(new PutObjectCommand({ Bucket: plain, Key: "k", Body: "x", ObjectLockMode: "GOVERNANCE", ObjectLockRetainUntilDate: new Date(ctx.clock.now().getTime() + DAY) })), {
      name: "InvalidRequest",
      message: "Bucket is missing Object Lock Configuration",
    });
  });

  it("keeps a COMPLIANCE version until its date on the clock, and a GOVERNANCE one unless bypassed", async () => {
    const Bucket = await lockedBucket();
    const until = new Date(ctx.clock.now().getTime() + DAY);
    const compliance = await s3().send(new PutObjectCommand({ Bucket, Key: "c", Body: "x", ObjectLockMode: "COMPLIANCE", ObjectLockRetainUntilDate: until }));
    const head = await s3().send(new HeadObjectCommand({ Bucket, Key: "c" }));
    expect(head.ObjectLockMode).toBe("COMPLIANCE");
    expect(head.ObjectLockRetainUntilDate?.getTime()).toBe(until.getTime());
    await expectAwsError(s3().send(new DeleteObjectCommand({ Bucket, Key: "c", VersionId: compliance.VersionId, BypassGovernanceRetention: true })), PROTECTED);

    const governance = await s3().send(new PutObjectCommand({ Bucket, Key: "g", Body: "x", ObjectLockMode: "GOVERNANCE", ObjectLockRetainUntilDate: until }));
    await expectAwsError(s3().send(new DeleteObjectCommand({ Bucket, Key: "g", VersionId: governance.VersionId })), PROTECTED);
    await s3().send(new DeleteObjectCommand({ Bucket, Key: "g", VersionId: governance.VersionId, BypassGovernanceRetention: true }));

    await ctx.clock.advance(DAY + 1000);
    await s3().send(new DeleteObjectCommand({ Bucket, Key: "c", VersionId: compliance.VersionId }));
  });

  it("applies the bucket's default retention, and legal holds and retention set later", async () => {
    const Bucket = await lockedBucket();
    await s3().send(new PutObjectLockConfigurationCommand({ Bucket, ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 1 } } } }));
    const put = await s3().send(new PutObjectCommand({ Bucket, Key: "d", Body: "x" }));
    const retention = await s3().send(new GetObjectRetentionCommand({ Bucket, Key: "d", VersionId: put.VersionId }));
    expect(retention.Retention?.Mode).toBe("GOVERNANCE");

    const plain = await s3().send(new PutObjectCommand({ Bucket, Key: "h", Body: "x" }));
    await s3().send(new PutObjectLegalHoldCommand({ Bucket, Key: "h", VersionId: plain.VersionId, LegalHold: { Status: "ON" } }));
    expect((await s3().send(new GetObjectLegalHoldCommand({ Bucket, Key: "h", VersionId: plain.VersionId }))).LegalHold?.Status).toBe("ON");
    await expectAwsError(s3().send(new DeleteObjectCommand({ Bucket, Key: "h", VersionId: plain.VersionId, BypassGovernanceRetention: true })), PROTECTED);
    await s3().send(new PutObjectLegalHoldCommand({ Bucket, Key: "h", VersionId: plain.VersionId, LegalHold: { Status: "OFF" } }));

    const later = new Date(ctx.clock.now().getTime() + 2 * DAY);
    await s3().send(new PutObjectRetentionCommand({ Bucket, Key: "h", VersionId: plain.VersionId, Retention: { Mode: "COMPLIANCE", RetainUntilDate: later } }));
    await expectAwsError(
      s3().send(new PutObjectRetentionCommand({ Bucket, Key: "h", VersionId: plain.VersionId, Retention: { Mode: "COMPLIANCE", RetainUntilDate: new Date(later.getTime() - DAY) } })),
      PROTECTED,
    );
  });
});
