import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();

async function bucket(status?: "Enabled" | "Suspended"): Promise<string> {
  const s3 = ctx.client(S3Client);
  const Bucket = uniqueName("ver").toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket }));
  if (status) await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: status } }));
  return Bucket;
}

describe("validation", () => {
  it("rejects a versioning status other than Enabled or Suspended", async () => {
    const Bucket = await bucket();
    await expectAwsError(ctx.client(S3Client).send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "On" as "Enabled" } })), {
      name: "MalformedXML",
      status: 400,
    });
  });
});

describe("errors", () => {
  it("answers NoSuchKey with the delete-marker header and 405 for a GET of the marker itself", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await bucket("Enabled");
    await s3.send(new PutObjectCommand({ Bucket, Key: "k", Body: "v1" }));
    const del = await s3.send(new DeleteObjectCommand({ Bucket, Key: "k" }));
    expect(del.DeleteMarker).toBe(true);
    const err = await expectAwsError<Error & { $response?: { headers: Record<string, string> } }>(s3.send(new GetObjectCommand({ Bucket, Key: "k" })), {
      name: "NoSuchKey",
      status: 404,
    });
    expect(err.$response?.headers["x-amz-delete-marker"]).toBe("true");
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket, Key: "k", VersionId: del.VersionId })), {
      name: "MethodNotAllowed",
      status: 405,
      message: "The specified method is not allowed against this resource.",
    });
  });

  it("answers NoSuchVersion for an unknown version id", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await bucket("Enabled");
    await s3.send(new PutObjectCommand({ Bucket, Key: "k", Body: "v1" }));
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket, Key: "k", VersionId: "A".repeat(32) })), {
      name: "NoSuchVersion",
      status: 404,
      message: "The specified version does not exist.",
    });
  });
});

describe("behaviour", () => {
  it("keeps every version, reads old ones and restores by deleting the marker", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await bucket("Enabled");
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe("Enabled");
    const v1 = await s3.send(new PutObjectCommand({ Bucket, Key: "doc", Body: "one" }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket, Key: "doc", Body: "two" }));
    expect(v1.VersionId).toBeDefined();
    expect(v2.VersionId).not.toBe(v1.VersionId);
    const old = await s3.send(new GetObjectCommand({ Bucket, Key: "doc", VersionId: v1.VersionId }));
    expect(await old.Body!.transformToString()).toBe("one");
    expect(old.VersionId).toBe(v1.VersionId);
    const marker = await s3.send(new DeleteObjectCommand({ Bucket, Key: "doc" }));
    expect((await s3.send(new ListObjectsV2Command({ Bucket }))).KeyCount).toBe(0);
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket }));
    expect(listed.Versions?.map((v) => [v.VersionId, v.IsLatest])).toEqual([
      [v2.VersionId, false],
      [v1.VersionId, false],
    ]);
    expect(listed.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([[marker.VersionId, true]]);
    await s3.send(new DeleteObjectCommand({ Bucket, Key: "doc", VersionId: marker.VersionId }));
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: "doc" }));
    expect(head.VersionId).toBe(v2.VersionId);
    await s3.send(new DeleteObjectCommand({ Bucket, Key: "doc", VersionId: v2.VersionId }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket, Key: "doc" }))).Body!.transformToString()).toBe("one");
  });

  it("lists unversioned objects with version id null and deletes them by it", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await bucket();
    await s3.send(new PutObjectCommand({ Bucket, Key: "a", Body: "1" }));
    await s3.send(new PutObjectCommand({ Bucket, Key: "b", Body: "2" }));
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket }));
    expect(listed.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest])).toEqual([
      ["a", "null", true],
      ["b", "null", true],
    ]);
    const out = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: listed.Versions!.map((v) => ({ Key: v.Key!, VersionId: v.VersionId })) } }));
    expect(out.Deleted?.map((d) => d.VersionId)).toEqual(["null", "null"]);
    expect((await s3.send(new ListObjectVersionsCommand({ Bucket }))).Versions).toBeUndefined();
  });

  it("writes null versions while suspended, keeping the older versions", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await bucket("Enabled");
    const v1 = await s3.send(new PutObjectCommand({ Bucket, Key: "s", Body: "versioned" }));
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: "Suspended" } }));
    const n1 = await s3.send(new PutObjectCommand({ Bucket, Key: "s", Body: "null one" }));
    const n2 = await s3.send(new PutObjectCommand({ Bucket, Key: "s", Body: "null two" }));
    expect([n1.VersionId, n2.VersionId]).toEqual(["null", "null"]);
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket }));
    expect(listed.Versions?.map((v) => v.VersionId)).toEqual(["null", v1.VersionId]);
  });

  it("pages versions with key and version-id markers", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = await bucket("Enabled");
    for (let i = 0; i < 3; i++) await s3.send(new PutObjectCommand({ Bucket, Key: "p", Body: String(i) }));
    await s3.send(new PutObjectCommand({ Bucket, Key: "q", Body: "q" }));
    const first = await s3.send(new ListObjectVersionsCommand({ Bucket, MaxKeys: 2 }));
    expect(first.IsTruncated).toBe(true);
    const second = await s3.send(new ListObjectVersionsCommand({ Bucket, KeyMarker: first.NextKeyMarker, VersionIdMarker: first.NextVersionIdMarker }));
    expect([...first.Versions!, ...second.Versions!].map((v) => v.Key)).toEqual(["p", "p", "p", "q"]);
    expect(new Set([...first.Versions!, ...second.Versions!].map((v) => v.VersionId)).size).toBe(4);
  });
});
