import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
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
  });

  it("refuses a customer key over plain HTTP, as S3 does", async () => {
    await expectAwsError(http.send(new PutObjectCommand({ Bucket, Key: "plain", Body: "x", SSECustomerAlgorithm: "AES256", SSECustomerKey: key })), {
      name: "InvalidRequest",
      message: "Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.",
    });
  });
});
