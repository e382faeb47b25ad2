import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { expectAwsError, testCredentials } from "../helpers/index.js";

// SSE-C is taken only over TLS, as on AWS: this server also serves HTTPS (--tls).
const dataDir = mkdtempSync(join(tmpdir(), "local-aws-ssec-"));
let aws: LocalAws;
let https: S3Client;
let http: S3Client;
const Bucket = "ssec-bucket";
const key = randomBytes(16).toString("hex");
const other = randomBytes(16).toString("hex");

beforeAll(async () => {
  aws = await startLocalAws({ port: 0, dataDir, tls: true, logLevel: "silent" });
  const ca = readFileSync(aws.server.certificatePath!, "utf8");
  https = new S3Client({ endpoint: aws.server.httpsUrl, region: "us-east-1", credentials: testCredentials, forcePathStyle: true, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca }) }) });
  http = new S3Client({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, forcePathStyle: true, maxAttempts: 1 });
  await https.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => {
  https.destroy();
  http.destroy();
  await aws.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("SSE-C", () => {
  it("stores an object under a customer key and reads it back only with that key", async () => {
    const put = await https.send(new PutObjectCommand({ Bucket, Key: "secret", Body: "classified", SSECustomerAlgorithm: "AES256", SSECustomerKey: key }));
    expect(put.SSECustomerAlgorithm).toBe("AES256");
    expect(put.SSECustomerKeyMD5).toBeDefined();
    expect(put.ServerSideEncryption).toBeUndefined();
    const got = await https.send(new GetObjectCommand({ Bucket, Key: "secret", SSECustomerAlgorithm: "AES256", SSECustomerKey: key }));
    expect(await got.Body!.transformToString()).toBe("classified");
    expect(got.SSECustomerKeyMD5).toBe(put.SSECustomerKeyMD5);
    await expectAwsError(https.send(new GetObjectCommand({ Bucket, Key: "secret" })), {
      name: "InvalidRequest",
      status: 400,
      message: "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.",
    });
    await expectAwsError(https.send(new HeadObjectCommand({ Bucket, Key: "secret", SSECustomerAlgorithm: "AES256", SSECustomerKey: other })), { status: 403 });
    await expectAwsError(https.send(new GetObjectAttributesCommand({ Bucket, Key: "secret", ObjectAttributes: ["ObjectSize"] })), { name: "InvalidRequest", status: 400 });
    const attrs = await https.send(new GetObjectAttributesCommand({ Bucket, Key: "secret", ObjectAttributes: ["ObjectSize"], SSECustomerAlgorithm: "AES256", SSECustomerKey: key }));
    expect(attrs.ObjectSize).toBe(10);
  });

  it("refuses a customer key over plain HTTP, as S3 does", async () => {
    await expectAwsError(http.send(new PutObjectCommand({ Bucket, Key: "plain", Body: "x", SSECustomerAlgorithm: "AES256", SSECustomerKey: key })), {
      name: "InvalidRequest",
      message: "Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.",
    });
  });
});

describe("SSE-C on copies and multipart uploads", () => {
  const withKey = (k: string) => ({ SSECustomerAlgorithm: "AES256", SSECustomerKey: k });
  const sourceKey = (k: string) => ({ CopySourceSSECustomerAlgorithm: "AES256", CopySourceSSECustomerKey: k });

  it("copies an SSE-C source only with its key in the copy-source headers, and encrypts the copy as the request says", async () => {
    await https.send(new PutObjectCommand({ Bucket, Key: "src", Body: "payload", ...withKey(key) }));
    const noKey = { name: "InvalidRequest", status: 400, message: "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object." };
    await expectAwsError(https.send(new CopyObjectCommand({ Bucket, Key: "dst", CopySource: `${Bucket}/src` })), noKey);
    await expectAwsError(https.send(new CopyObjectCommand({ Bucket, Key: "dst", CopySource: `${Bucket}/src`, ...sourceKey(other) })), { name: "AccessDenied", status: 403 });
    // Source key given, no target key: the copy is an SSE-S3 object readable without a key.
    const plain = await https.send(new CopyObjectCommand({ Bucket, Key: "dst-plain", CopySource: `${Bucket}/src`, ...sourceKey(key) }));
    expect(plain.ServerSideEncryption).toBe("AES256");
    expect(await (await https.send(new GetObjectCommand({ Bucket, Key: "dst-plain" }))).Body!.transformToString()).toBe("payload");
    // Re-keyed copy: readable with the new key only.
    const rekeyed = await https.send(new CopyObjectCommand({ Bucket, Key: "dst-rekeyed", CopySource: `${Bucket}/src`, ...sourceKey(key), ...withKey(other) }));
    expect(rekeyed.SSECustomerAlgorithm).toBe("AES256");
    expect(rekeyed.ServerSideEncryption).toBeUndefined();
    expect(await (await https.send(new GetObjectCommand({ Bucket, Key: "dst-rekeyed", ...withKey(other) }))).Body!.transformToString()).toBe("payload");
    await expectAwsError(https.send(new GetObjectCommand({ Bucket, Key: "dst-rekeyed", ...withKey(key) })), { name: "AccessDenied", status: 403 });
    // A source key for a source stored without one is refused.
    await expectAwsError(https.send(new CopyObjectCommand({ Bucket, Key: "dst2", CopySource: `${Bucket}/dst-plain`, ...sourceKey(key) })), {
      name: "InvalidRequest",
      message: "The encryption parameters are not applicable to this object.",
    });
  });

  it("multipart upload under a customer key: every part carries the same key, the object needs it to be read", async () => {
    const created = await https.send(new CreateMultipartUploadCommand({ Bucket, Key: "mpu", ...withKey(key) }));
    expect(created.SSECustomerAlgorithm).toBe("AES256");
    expect(created.SSECustomerKeyMD5).toBeDefined();
    const { UploadId } = created;
    await expectAwsError(https.send(new UploadPartCommand({ Bucket, Key: "mpu", UploadId, PartNumber: 1, Body: "part-one" })), {
      name: "InvalidRequest",
      message: "The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.",
    });
    await expectAwsError(https.send(new UploadPartCommand({ Bucket, Key: "mpu", UploadId, PartNumber: 1, Body: "part-one", ...withKey(other) })), {
      name: "InvalidRequest",
      message: "The provided encryption parameters did not match the ones used originally.",
    });
    const first = Buffer.alloc(5 * 1024 * 1024, "a");
    const part = await https.send(new UploadPartCommand({ Bucket, Key: "mpu", UploadId, PartNumber: 1, Body: first, ...withKey(key) }));
    expect(part.SSECustomerKeyMD5).toBe(created.SSECustomerKeyMD5);
    expect(part.ServerSideEncryption).toBeUndefined();
    await https.send(new PutObjectCommand({ Bucket, Key: "copy-src", Body: "-two", ...withKey(other) }));
    const copied = await https.send(new UploadPartCopyCommand({ Bucket, Key: "mpu", UploadId, PartNumber: 2, CopySource: `${Bucket}/copy-src`, ...sourceKey(other), ...withKey(key) }));
    expect(copied.SSECustomerKeyMD5).toBe(created.SSECustomerKeyMD5);
    await expectAwsError(https.send(new CompleteMultipartUploadCommand({ Bucket, Key: "mpu", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }, { PartNumber: 2, ETag: copied.CopyPartResult!.ETag }] }, ...withKey(other) })), {
      name: "InvalidRequest",
      message: "The provided encryption parameters did not match the ones used originally.",
    });
    const done = await https.send(new CompleteMultipartUploadCommand({ Bucket, Key: "mpu", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }, { PartNumber: 2, ETag: copied.CopyPartResult!.ETag }] }, ...withKey(key) }));
    expect(done.ServerSideEncryption).toBeUndefined();
    await expectAwsError(https.send(new GetObjectCommand({ Bucket, Key: "mpu" })), { name: "InvalidRequest", status: 400 });
    const got = await https.send(new GetObjectCommand({ Bucket, Key: "mpu", ...withKey(key) }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(bytes.length).toBe(first.length + 4);
    expect(bytes.subarray(first.length).toString()).toBe("-two");
  });

  it("refuses a customer key on a part of an upload created without one", async () => {
    const { UploadId } = await https.send(new CreateMultipartUploadCommand({ Bucket, Key: "mpu-plain" }));
    await expectAwsError(https.send(new UploadPartCommand({ Bucket, Key: "mpu-plain", UploadId, PartNumber: 1, Body: "x", ...withKey(key) })), { name: "InvalidRequest", status: 400 });
  });
});
