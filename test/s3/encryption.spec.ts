import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const s3 = (): S3Client => ctx.client(S3Client);
const KMS_ARN = /^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/;

describe("aws:kms default encryption", () => {
  const Bucket = uniqueName("kms").toLowerCase();
  beforeAll(async () => {
    await s3().send(new CreateBucketCommand({ Bucket }));
    await s3().send(
      new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" }, BucketKeyEnabled: true }] },
      }),
    );
  });

  it("encrypts new objects with the bucket default: aws:kms, the AWS managed key's ARN and the bucket key, on PUT, GET, HEAD, copy and multipart", async () => {
    const enc = await s3().send(new GetBucketEncryptionCommand({ Bucket }));
    expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]).toMatchObject({ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" }, BucketKeyEnabled: true });
    const put = await s3().send(new PutObjectCommand({ Bucket, Key: "a", Body: "x" }));
    expect(put.ServerSideEncryption).toBe("aws:kms");
    expect(put.SSEKMSKeyId).toMatch(KMS_ARN);
    expect(put.BucketKeyEnabled).toBe(true);
    const head = await s3().send(new HeadObjectCommand({ Bucket, Key: "a" }));
    const get = await s3().send(new GetObjectCommand({ Bucket, Key: "a" }));
    for (const r of [head, get]) expect({ sse: r.ServerSideEncryption, key: r.SSEKMSKeyId, bk: r.BucketKeyEnabled }).toEqual({ sse: "aws:kms", key: put.SSEKMSKeyId, bk: true });
    const copy = await s3().send(new CopyObjectCommand({ Bucket, Key: "b", CopySource: `${Bucket}/a` }));
    expect({ sse: copy.ServerSideEncryption, key: copy.SSEKMSKeyId, bk: copy.BucketKeyEnabled }).toEqual({ sse: "aws:kms", key: put.SSEKMSKeyId, bk: true });
    const mpu = await s3().send(new CreateMultipartUploadCommand({ Bucket, Key: "m" }));
    expect(mpu.SSEKMSKeyId).toBe(put.SSEKMSKeyId);
    const part = await s3().send(new UploadPartCommand({ Bucket, Key: "m", UploadId: mpu.UploadId, PartNumber: 1, Body: "p" }));
    expect(part.ServerSideEncryption).toBe("aws:kms");
    const done = await s3().send(new CompleteMultipartUploadCommand({ Bucket, Key: "m", UploadId: mpu.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    expect({ sse: done.ServerSideEncryption, key: done.SSEKMSKeyId, bk: done.BucketKeyEnabled }).toEqual({ sse: "aws:kms", key: put.SSEKMSKeyId, bk: true });
  });

  it("a request's own encryption wins over the default; a bare key id is answered as its ARN", async () => {
    const s3only = await s3().send(new PutObjectCommand({ Bucket, Key: "s3", Body: "x", ServerSideEncryption: "AES256" }));
    expect(s3only.ServerSideEncryption).toBe("AES256");
    expect(s3only.SSEKMSKeyId).toBeUndefined();
    const id = "1234abcd-12ab-34cd-56ef-1234567890ab";
    const own = await s3().send(new PutObjectCommand({ Bucket, Key: "own", Body: "x", ServerSideEncryption: "aws:kms", SSEKMSKeyId: id, BucketKeyEnabled: false }));
    expect(own.SSEKMSKeyId).toBe(`arn:aws:kms:us-east-1:000000000000:key/${id}`);
    expect(own.BucketKeyEnabled).toBeUndefined();
    expect((await s3().send(new HeadObjectCommand({ Bucket, Key: "own" }))).SSEKMSKeyId).toBe(`arn:aws:kms:us-east-1:000000000000:key/${id}`);
  });

  it("refuses a KMS key id without aws:kms, and an unknown algorithm", async () => {
    await expectAwsError(s3().send(new PutObjectCommand({ Bucket, Key: "bad", Body: "x", ServerSideEncryption: "AES256", SSEKMSKeyId: "k" })), {
      name: "InvalidArgument",
      status: 400,
      message: "Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms",
    });
    await expectAwsError(s3().send(new PutObjectCommand({ Bucket, Key: "bad", Body: "x", ServerSideEncryption: "rot13" as never })), { name: "InvalidArgument", status: 400 });
  });
});

describe("checksum values that are not checksums", () => {
  it("answers x-amz-checksum-sha256: bad with InvalidRequest, as S3 does (a well-formed wrong value is BadDigest)", async () => {
    const Bucket = uniqueName("ck").toLowerCase();
    await s3().send(new CreateBucketCommand({ Bucket }));
    await expectAwsError(s3().send(new PutObjectCommand({ Bucket, Key: "k", Body: "hello", ChecksumSHA256: "bad" })), {
      name: "InvalidRequest",
      status: 400,
      message: "Value for x-amz-checksum-sha256 header is invalid.",
    });
    await expectAwsError(s3().send(new PutObjectCommand({ Bucket, Key: "k", Body: "hello", ChecksumSHA256: Buffer.alloc(32).toString("base64") })), {
      name: "BadDigest",
      status: 400,
      message: "The SHA256 you specified did not match the calculated checksum.",
    });
  });
});

describe("request headers S3 refuses in its own words", () => {
  it("an unknown storage class is InvalidStorageClass; an SDK algorithm naming another checksum than the one sent is InvalidRequest", async () => {
    const Bucket = uniqueName("hdr").toLowerCase();
    await s3().send(new CreateBucketCommand({ Bucket }));
    await expectAwsError(s3().send(new PutObjectCommand({ Bucket, Key: "k", Body: "x", StorageClass: "COLD" as never })), {
      name: "InvalidStorageClass",
      status: 400,
      message: "The storage class you specified is not valid",
    });
    const res = await fetch(`${ctx.endpoint}/${Bucket}/k`, {
      method: "PUT",
      body: "hello",
      headers: { "x-amz-sdk-checksum-algorithm": "CRC32", "x-amz-checksum-crc32c": "ImIEBA==", authorization: "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0" },
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain("<Code>InvalidRequest</Code>");
    expect(text).toContain("<Message>Value for x-amz-sdk-checksum-algorithm header is invalid.</Message>");
  });
});

describe("browser POST uploads and ACLs", () => {
  it("judges the form's acl field against ACLs being disabled (AccessControlListNotSupported)", async () => {
    const Bucket = uniqueName("postacl").toLowerCase();
    await s3().send(new CreateBucketCommand({ Bucket }));
    const post = (acl: string): Promise<Response> => {
      const form = new FormData();
      form.append("key", "up.txt");
      form.append("acl", acl);
      form.append("file", new Blob(["hi"]), "up.txt");
      return fetch(`${ctx.endpoint}/${Bucket}`, { method: "POST", body: form });
    };
    const refused = await post("public-read");
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(text).toContain("<Code>AccessControlListNotSupported</Code>");
    expect(text).toContain("<Message>The bucket does not allow ACLs</Message>");
    await expectAwsError(s3().send(new HeadObjectCommand({ Bucket, Key: "up.txt" })), { status: 404 });
    expect((await post("bucket-owner-full-control")).status).toBe(204);
  });
});
