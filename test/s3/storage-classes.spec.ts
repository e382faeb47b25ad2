import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  RestoreObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const s3 = (): S3Client => ctx.client(S3Client);
const DAY = 86_400_000;
const HOUR = 3_600_000;

async function newBucket(): Promise<string> {
  const Bucket = uniqueName("cls").toLowerCase();
  await s3().send(new CreateBucketCommand({ Bucket }));
  return Bucket;
}

describe("lifecycle transitions on the clock", () => {
  it("moves current objects to colder classes as their Transitions come due (GET/HEAD and listings name the class)", async () => {
    const Bucket = await newBucket();
    await s3().send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: "tiering",
              Status: "Enabled",
              Filter: { Prefix: "logs/" },
              Transitions: [
                { Days: 30, StorageClass: "STANDARD_IA" },
                { Days: 90, StorageClass: "GLACIER" },
              ],
            },
          ],
        },
      }),
    );
    await s3().send(new PutObjectCommand({ Bucket, Key: "logs/a", Body: "old" }));
    await s3().send(new PutObjectCommand({ Bucket, Key: "other", Body: "stays" }));
    expect((await s3().send(new HeadObjectCommand({ Bucket, Key: "logs/a" }))).StorageClass).toBeUndefined();
    await ctx.clock.advance(31 * DAY + HOUR);
    expect((await s3().send(new HeadObjectCommand({ Bucket, Key: "logs/a" }))).StorageClass).toBe("STANDARD_IA");
    expect(await (await s3().send(new GetObjectCommand({ Bucket, Key: "logs/a" }))).Body!.transformToString()).toBe("old");
    await ctx.clock.advance(60 * DAY + HOUR);
    const listed = await s3().send(new ListObjectsV2Command({ Bucket }));
    expect(listed.Contents?.map((o) => [o.Key, o.StorageClass])).toEqual([
      ["logs/a", "GLACIER"],
      ["other", "STANDARD"],
    ]);
    await expectAwsError(s3().send(new GetObjectCommand({ Bucket, Key: "logs/a" })), {
      name: "InvalidObjectState",
      status: 403,
      message: "The operation is not valid for the object's storage class",
    });
  });

  it("refuses a transition to an infrequent-access class sooner than 30 days, as S3 does", async () => {
    const Bucket = await newBucket();
    await expectAwsError(
      s3().send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: [{ ID: "ia", Status: "Enabled", Filter: { Prefix: "" }, Transitions: [{ Days: 7, StorageClass: "STANDARD_IA" }] }] } })),
      { name: "InvalidArgument", status: 400, message: "'Days' in Transition action must be greater than or equal to 30 for storageClass 'STANDARD_IA'" },
    );
  });

  it("moves noncurrent versions by NoncurrentVersionTransitions", async () => {
    const Bucket = await newBucket();
    await s3().send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Enabled" } }));
    await s3().send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: { Rules: [{ ID: "old", Status: "Enabled", Filter: { Prefix: "" }, NoncurrentVersionTransitions: [{ NoncurrentDays: 30, StorageClass: "DEEP_ARCHIVE" }] }] },
      }),
    );
    const v1 = await s3().send(new PutObjectCommand({ Bucket, Key: "doc", Body: "v1" }));
    const v2 = await s3().send(new PutObjectCommand({ Bucket, Key: "doc", Body: "v2" }));
    await ctx.clock.advance(32 * DAY);
    const versions = await s3().send(new ListObjectVersionsCommand({ Bucket }));
    const classOf = (id: string | undefined): string | undefined => versions.Versions?.find((v) => v.VersionId === id)?.StorageClass;
    expect(classOf(v1.VersionId)).toBe("DEEP_ARCHIVE");
    expect(classOf(v2.VersionId)).toBe("STANDARD");
  });
});

describe("archived objects and RestoreObject", () => {
  it("refuses GET and copy of a GLACIER object until a restore has completed on the clock, and reports it in x-amz-restore", async () => {
    const Bucket = await newBucket();
    await s3().send(new PutObjectCommand({ Bucket, Key: "cold", Body: "frozen", StorageClass: "GLACIER" }));
    const head = await s3().send(new HeadObjectCommand({ Bucket, Key: "cold" }));
    expect(head.StorageClass).toBe("GLACIER");
    expect(head.Restore).toBeUndefined();
    await expectAwsError(s3().send(new GetObjectCommand({ Bucket, Key: "cold" })), { name: "InvalidObjectState", status: 403 });
    await expectAwsError(s3().send(new CopyObjectCommand({ Bucket, Key: "warm", CopySource: `${Bucket}/cold` })), { name: "InvalidObjectState", status: 403 });

    const started = await s3().send(new RestoreObjectCommand({ Bucket, Key: "cold", RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: "Standard" } } }));
    expect(started.$metadata.httpStatusCode).toBe(202);
    expect((await s3().send(new HeadObjectCommand({ Bucket, Key: "cold" }))).Restore).toBe('ongoing-request="true"');
    await expectAwsError(s3().send(new RestoreObjectCommand({ Bucket, Key: "cold", RestoreRequest: { Days: 2 } })), {
      name: "RestoreAlreadyInProgress",
      status: 409,
      message: "Object restore is already in progress",
    });
    await expectAwsError(s3().send(new GetObjectCommand({ Bucket, Key: "cold" })), { name: "InvalidObjectState", status: 403 });

    const inProgress = await s3().send(new ListObjectsV2Command({ Bucket, OptionalObjectAttributes: ["RestoreStatus"] }));
    expect(inProgress.Contents?.find((o) => o.Key === "cold")?.RestoreStatus).toEqual({ IsRestoreInProgress: true });
    await ctx.clock.advance(5 * HOUR + 1000);
    const listed = await s3().send(new ListObjectsV2Command({ Bucket, OptionalObjectAttributes: ["RestoreStatus"] }));
    expect(listed.Contents?.find((o) => o.Key === "cold")?.RestoreStatus?.IsRestoreInProgress).toBe(false);
    expect(listed.Contents?.find((o) => o.Key === "cold")?.RestoreStatus?.RestoreExpiryDate).toBeInstanceOf(Date);
    const restored = await s3().send(new HeadObjectCommand({ Bucket, Key: "cold" }));
    expect(restored.Restore).toMatch(/^ongoing-request="false", expiry-date="[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} 00:00:00 GMT"$/);
    expect(restored.StorageClass).toBe("GLACIER");
    expect(await (await s3().send(new GetObjectCommand({ Bucket, Key: "cold" }))).Body!.transformToString()).toBe("frozen");
    // A copy is STANDARD unless it names a class (S3 API reference, CopyObject x-amz-storage-class).
    const copy = await s3().send(new CopyObjectCommand({ Bucket, Key: "warm", CopySource: `${Bucket}/cold` }));
    expect(copy.CopyObjectResult?.ETag).toBeDefined();
    expect((await s3().send(new HeadObjectCommand({ Bucket, Key: "warm" }))).StorageClass).toBeUndefined();
    // Restoring a restored object again extends it: 200.
    const again = await s3().send(new RestoreObjectCommand({ Bucket, Key: "cold", RestoreRequest: { Days: 1 } }));
    expect(again.$metadata.httpStatusCode).toBe(200);

    await ctx.clock.advance(4 * DAY);
    expect((await s3().send(new HeadObjectCommand({ Bucket, Key: "cold" }))).Restore).toBeUndefined();
    await expectAwsError(s3().send(new GetObjectCommand({ Bucket, Key: "cold" })), { name: "InvalidObjectState", status: 403 });
  });

  it("refuses to restore an object that is not archived, and an Expedited restore of DEEP_ARCHIVE", async () => {
    const Bucket = await newBucket();
    await s3().send(new PutObjectCommand({ Bucket, Key: "hot", Body: "x" }));
    await expectAwsError(s3().send(new RestoreObjectCommand({ Bucket, Key: "hot", RestoreRequest: { Days: 1 } })), {
      name: "InvalidObjectState",
      status: 403,
      message: "Restore is not allowed for the object's current storage class",
    });
    await s3().send(new PutObjectCommand({ Bucket, Key: "deep", Body: "x", StorageClass: "DEEP_ARCHIVE" }));
    await expectAwsError(s3().send(new RestoreObjectCommand({ Bucket, Key: "deep", RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: "Expedited" } } })), { name: "InvalidArgument", status: 400 });
    // GLACIER_IR is readable at once (instant retrieval).
    await s3().send(new PutObjectCommand({ Bucket, Key: "ir", Body: "instant", StorageClass: "GLACIER_IR" }));
    expect(await (await s3().send(new GetObjectCommand({ Bucket, Key: "ir" }))).Body!.transformToString()).toBe("instant");
  });
});
