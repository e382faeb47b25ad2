import {
  CreateBucketCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";

const dataDir = mkdtempSync(join(tmpdir(), "s3-restart-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function client(aws: LocalAws): S3Client {
  return new S3Client({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, forcePathStyle: true, maxAttempts: 1 });
}

describe("behaviour", () => {
  it("keeps every object, version and its metadata across a restart of a data-directory instance", async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 3);
    let first: LocalAws | undefined = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
    let versions: (string | undefined)[];
    try {
      const s3 = client(first);
      await s3.send(new CreateBucketCommand({ Bucket: "durable" }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: "durable", VersioningConfiguration: { Status: "Enabled" } }));
      const v1 = await s3.send(new PutObjectCommand({ Bucket: "durable", Key: "../odd key ☃", Body: "first", ContentType: "text/plain", Metadata: { owner: "me" }, Tagging: "t=1" }));
      const v2 = await s3.send(new PutObjectCommand({ Bucket: "durable", Key: "../odd key ☃", Body: "second", ContentType: "text/plain", Metadata: { owner: "me" }, Tagging: "t=1" }));
      versions = [v2.VersionId, v1.VersionId];
      await new Upload({ client: s3, params: { Bucket: "durable", Key: "big.bin", Body: big } }).done();
      s3.destroy();
      await first.stop();
      first = undefined;
    } finally {
      await first?.stop();
    }
    const second = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
    try {
      const s3 = client(second);
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: "durable" }))).Status).toBe("Enabled");
      const got = await s3.send(new GetObjectCommand({ Bucket: "durable", Key: "../odd key ☃", ChecksumMode: "ENABLED" }));
      expect(await got.Body!.transformToString()).toBe("second");
      expect(got.ContentType).toBe("text/plain");
      expect(got.Metadata).toEqual({ owner: "me" });
      expect(got.ChecksumCRC32).toBeDefined();
      const old = await s3.send(new GetObjectCommand({ Bucket: "durable", Key: "../odd key ☃", VersionId: versions[1] }));
      expect(await old.Body!.transformToString()).toBe("first");
      expect((await s3.send(new GetObjectTaggingCommand({ Bucket: "durable", Key: "../odd key ☃" }))).TagSet).toEqual([{ Key: "t", Value: "1" }]);
      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: "durable" }));
      expect(listed.Versions?.filter((v) => v.Key === "../odd key ☃").map((v) => v.VersionId)).toEqual(versions);
      const bigBack = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: "durable", Key: "big.bin" }))).Body!.transformToByteArray());
      expect(bigBack.equals(big)).toBe(true);
      s3.destroy();
    } finally {
      await second.stop();
    }
  });
});
