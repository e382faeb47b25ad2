import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { GetObjectAttributesCommand } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const s3 = (): S3Client => ctx.client(S3Client);
const Bucket = uniqueName("conform").toLowerCase();

beforeAll(async () => {
  await s3().send(new CreateBucketCommand({ Bucket }));
});

describe("default encryption", () => {
  it("names SSE-S3 (AES256) on every write and read of an object, and a requested KMS encryption as given", async () => {
    const put = await s3().send(new PutObjectCommand({ Bucket, Key: "enc", Body: "x" }));
    expect(put.ServerSideEncryption).toBe("AES256");
    expect((await s3().send(new HeadObjectCommand({ Bucket, Key: "enc" }))).ServerSideEncryption).toBe("AES256");
    expect((await s3().send(new GetObjectCommand({ Bucket, Key: "enc" }))).ServerSideEncryption).toBe("AES256");
    expect((await s3().send(new CopyObjectCommand({ Bucket, Key: "enc-copy", CopySource: `${Bucket}/enc` }))).ServerSideEncryption).toBe("AES256");
    const kms = await s3().send(new PutObjectCommand({ Bucket, Key: "kms", Body: "x", ServerSideEncryption: "aws:kms", SSEKMSKeyId: "alias/mine" }));
    expect(kms).toMatchObject({ ServerSideEncryption: "aws:kms", SSEKMSKeyId: "arn:aws:kms:us-east-1:000000000000:alias/mine" });
    expect((await s3().send(new HeadObjectCommand({ Bucket, Key: "kms" }))).ServerSideEncryption).toBe("aws:kms");
    const mpu = await s3().send(new CreateMultipartUploadCommand({ Bucket, Key: "mpu-enc" }));
    expect(mpu.ServerSideEncryption).toBe("AES256");
    const part = await s3().send(new UploadPartCommand({ Bucket, Key: "mpu-enc", UploadId: mpu.UploadId, PartNumber: 1, Body: "part" }));
    expect(part.ServerSideEncryption).toBe("AES256");
    const done = await s3().send(new CompleteMultipartUploadCommand({ Bucket, Key: "mpu-enc", UploadId: mpu.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect(done.ServerSideEncryption).toBe("AES256");
  });
});

describe("conditional writes and deletes", () => {
  it("PutObject with If-Match of the current (quoted) ETag succeeds; another ETag is 412; If-None-Match * on an existing key is 412", async () => {
    const first = await s3().send(new PutObjectCommand({ Bucket, Key: "cond", Body: "v1" }));
    const second = await s3().send(new PutObjectCommand({ Bucket, Key: "cond", Body: "v2", IfMatch: first.ETag }));
    expect(second.ETag).not.toBe(first.ETag);
    await expectAwsError(s3().send(new PutObjectCommand({ Bucket, Key: "cond", Body: "v3", IfMatch: first.ETag })), { name: "PreconditionFailed", status: 412 });
    await expectAwsError(s3().send(new PutObjectCommand({ Bucket, Key: "cond", Body: "v3", IfNoneMatch: "*" })), { name: "PreconditionFailed", status: 412 });
    await expectAwsError(s3().send(new PutObjectCommand({ Bucket, Key: "absent-key", Body: "v", IfNoneMatch: '"abc"' })), { name: "NotImplemented", status: 501 });
  });

  it("DeleteObject and DeleteObjects entries evaluate If-Match / ETag", async () => {
    const put = await s3().send(new PutObjectCommand({ Bucket, Key: "del-cond", Body: "x" }));
    await expectAwsError(s3().send(new DeleteObjectCommand({ Bucket, Key: "del-cond", IfMatch: '"0123456789abcdef0123456789abcdef"' })), { name: "PreconditionFailed", status: 412 });
    await s3().send(new DeleteObjectCommand({ Bucket, Key: "del-cond", IfMatch: put.ETag }));
    await expectAwsError(s3().send(new HeadObjectCommand({ Bucket, Key: "del-cond" })), { name: "NotFound", status: 404 });

    await s3().send(new PutObjectCommand({ Bucket, Key: "batch-a", Body: "a" }));
    const b = await s3().send(new PutObjectCommand({ Bucket, Key: "batch-b", Body: "b" }));
    const out = await s3().send(
      new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: "batch-a", ETag: '"ffffffffffffffffffffffffffffffff"' }, { Key: "batch-b", ETag: b.ETag }] } }),
    );
    expect(out.Deleted?.map((d) => d.Key)).toEqual(["batch-b"]);
    expect(out.Errors?.map((e) => [e.Key, e.Code])).toEqual([["batch-a", "PreconditionFailed"]]);
  });
});

describe("listings", () => {
  it("max-keys=0 is not truncated; an empty delimiter is left out; an empty continuation token lists from the start", async () => {
    for (const Key of ["l/a", "l/b"]) await s3().send(new PutObjectCommand({ Bucket, Key, Body: "x" }));
    const zero = await s3().send(new ListObjectsV2Command({ Bucket, Prefix: "l/", MaxKeys: 0 }));
    expect(zero.IsTruncated).toBe(false);
    expect(zero.Contents).toBeUndefined();
    const v1 = await s3().send(new ListObjectsCommand({ Bucket, Prefix: "l/", Delimiter: "" }));
    expect(v1.Delimiter).toBeUndefined();
    expect(v1.Contents?.map((c) => c.Key)).toEqual(["l/a", "l/b"]);
    const fromStart = await s3().send(new ListObjectsV2Command({ Bucket, Prefix: "l/", ContinuationToken: "" }));
    expect(fromStart.Contents?.map((c) => c.Key)).toEqual(["l/a", "l/b"]);
  });
});

describe("multipart", () => {
  it("answers a CompleteMultipartUpload retried after success with the same result", async () => {
    const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket, Key: "twice" }));
    const part = await s3().send(new UploadPartCommand({ Bucket, Key: "twice", UploadId, PartNumber: 1, Body: "only part" }));
    const complete = new CompleteMultipartUploadCommand({ Bucket, Key: "twice", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } });
    const first = await s3().send(complete);
    const again = await s3().send(complete);
    expect(again.ETag).toBe(first.ETag);
    expect(again.Key).toBe("twice");
  });

  it("refuses a stated composite checksum that the parts do not make (BadDigest)", async () => {
    const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket, Key: "composite", ChecksumAlgorithm: "SHA256" }));
    const part = await s3().send(new UploadPartCommand({ Bucket, Key: "composite", UploadId, PartNumber: 1, Body: "part one", ChecksumAlgorithm: "SHA256" }));
    await expectAwsError(
      s3().send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: "composite",
          UploadId,
          ChecksumSHA256: "Ok6Cs5b96ux6+MWQkJO7UBT5sKPBeXBLwvj/hK89smg=-1",
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumSHA256: part.ChecksumSHA256 }] },
        }),
      ),
      { name: "BadDigest", status: 400 },
    );
  });
});

describe("presigned URLs", () => {
  it("answers an X-Amz-Expires of 0 as expired (403) and a negative one as malformed (400)", async () => {
    await s3().send(new PutObjectCommand({ Bucket, Key: "signed", Body: "x" }));
    const url = new URL(await getSignedUrl(s3(), new GetObjectCommand({ Bucket, Key: "signed" }), { expiresIn: 60, signingDate: ctx.clock.now() }));
    url.searchParams.set("X-Amz-Expires", "0");
    const zero = await fetch(url);
    expect(zero.status).toBe(403);
    expect(await zero.text()).toContain("<Code>AccessDenied</Code><Message>Request has expired</Message>");
    url.searchParams.set("X-Amz-Expires", "-7");
    const negative = await fetch(url);
    expect(negative.status).toBe(400);
    expect(await negative.text()).toContain("<Message>X-Amz-Expires must be non-negative</Message>");
  });
});

describe("GetObjectAttributes", () => {
  it("reports a multipart object's part count", async () => {
    const { UploadId } = await s3().send(new CreateMultipartUploadCommand({ Bucket, Key: "parts" }));
    const part = await s3().send(new UploadPartCommand({ Bucket, Key: "parts", UploadId, PartNumber: 1, Body: "abc" }));
    await s3().send(new CompleteMultipartUploadCommand({ Bucket, Key: "parts", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    const attrs = await s3().send(new GetObjectAttributesCommand({ Bucket, Key: "parts", ObjectAttributes: ["ObjectParts"] }));
    expect(attrs.ObjectParts?.TotalPartsCount).toBe(1);
  });
});

describe("browser POST uploads", () => {
  it("reads fields sent as parts with a filename (as Python's requests sends files=) as the fields they name", async () => {
    const form = new FormData();
    for (const [name, value] of Object.entries({ key: "posted.txt", acl: "bucket-owner-full-control", "Content-Type": "text/plain" })) form.append(name, new Blob([value]), name);
    form.append("file", new Blob(["bar"]), "file");
    const res = await fetch(`${ctx.endpoint}/${Bucket}`, { method: "POST", body: form });
    expect(res.status).toBe(204);
    const got = await s3().send(new GetObjectCommand({ Bucket, Key: "posted.txt" }));
    expect(got.ContentType).toBe("text/plain");
    expect(await got.Body!.transformToString()).toBe("bar");
  });
});

describe("ACLs", () => {
  it("refuses ACLs on a bucket with ACLs disabled, accepts them once ownership is BucketOwnerPreferred, and refuses an ACL on CreateBucket", async () => {
    await expectAwsError(s3().send(new PutObjectCommand({ Bucket, Key: "acl", Body: "x", ACL: "public-read" })), { name: "AccessControlListNotSupported", message: "The bucket does not allow ACLs" });
    await expectAwsError(s3().send(new CreateBucketCommand({ Bucket: uniqueName("acl").toLowerCase(), ACL: "public-read" })), {
      name: "InvalidBucketAclWithObjectOwnership",
      message: "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    });
    const preferred = uniqueName("acl").toLowerCase();
    await s3().send(new CreateBucketCommand({ Bucket: preferred, ObjectOwnership: "BucketOwnerPreferred", ACL: "public-read" }));
    await s3().send(new PutObjectCommand({ Bucket: preferred, Key: "acl", Body: "x", ACL: "public-read" }));
  });
});
