import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const Bucket = uniqueName("mpu").toLowerCase();
const MiB = 1024 * 1024;

beforeAll(async () => {
  await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket }));
});

function md5(b: Buffer): Buffer {
  return createHash("md5").update(b).digest();
}

describe("errors", () => {
  it("answers NoSuchUpload for an unknown upload id", async () => {
    const s3 = ctx.client(S3Client);
    await expectAwsError(s3.send(new UploadPartCommand({ Bucket, Key: "k", UploadId: "nope", PartNumber: 1, Body: "x" })), {
      name: "NoSuchUpload",
      status: 404,
      message: "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
    });
  });

  it("refuses a max-uploads outside the integer range in S3's words (it is an integer in AWS's model)", async () => {
    const s3 = ctx.client(S3Client);
    await expectAwsError(s3.send(new ListMultipartUploadsCommand({ Bucket, MaxUploads: 2157483647 })), {
      name: "InvalidArgument",
      status: 400,
      message: "Provided max-uploads not an integer or within integer range",
    });
  });

  it("checks part order, part ETags and the minimum part size", async () => {
    const s3 = ctx.client(S3Client);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: "bad" }));
    const p1 = await s3.send(new UploadPartCommand({ Bucket, Key: "bad", UploadId, PartNumber: 1, Body: "small" }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket, Key: "bad", UploadId, PartNumber: 2, Body: "tail" }));
    await expectAwsError(
      s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: "bad", UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }] } })),
      { name: "InvalidPartOrder", status: 400, message: "The list of parts was not in ascending order. Parts must be ordered by part number." },
    );
    await expectAwsError(
      s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: "bad", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0123"' }] } })),
      { name: "InvalidPart", status: 400 },
    );
    await expectAwsError(
      s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: "bad", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } })),
      { name: "EntityTooSmall", status: 400, message: "Your proposed upload is smaller than the minimum allowed size" },
    );
    await expectAwsError(s3.send(new UploadPartCommand({ Bucket, Key: "bad", UploadId, PartNumber: 10001, Body: "x" })), {
      name: "InvalidArgument",
      status: 400,
      message: "Part number must be an integer between 1 and 10000, inclusive",
    });
  });
});

describe("behaviour", () => {
  it("uploads 50 MiB with lib-storage and reads it back", async () => {
    const s3 = ctx.client(S3Client);
    const data = Buffer.alloc(50 * MiB);
    for (let i = 0; i < data.length; i += 4096) data.writeUInt32BE(i, i);
    const upload = new Upload({ client: s3, params: { Bucket, Key: "big.bin", Body: data, ContentType: "application/x-test" } });
    const done = await upload.done();
    const parts = Math.ceil(data.length / (5 * MiB));
    const chunks = Array.from({ length: parts }, (_, i) => md5(data.subarray(i * 5 * MiB, (i + 1) * 5 * MiB)));
    const expected = `"${createHash("md5").update(Buffer.concat(chunks)).digest("hex")}-${parts}"`;
    expect(done.ETag).toBe(expected);
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: "big.bin" }));
    expect(head.ContentLength).toBe(data.length);
    expect(head.ContentType).toBe("application/x-test");
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: "big.bin" }));
    expect(md5(Buffer.from(await got.Body!.transformToByteArray())).equals(md5(data))).toBe(true);
    const part2 = await s3.send(new GetObjectCommand({ Bucket, Key: "big.bin", PartNumber: 2 }));
    expect(part2.$metadata.httpStatusCode).toBe(206);
    expect(part2.PartsCount).toBe(parts);
    expect(part2.ContentRange).toBe(`bytes ${5 * MiB}-${10 * MiB - 1}/${data.length}`);
    expect(md5(Buffer.from(await part2.Body!.transformToByteArray())).equals(md5(data.subarray(5 * MiB, 10 * MiB)))).toBe(true);
    await expectAwsError(s3.send(new HeadObjectCommand({ Bucket, Key: "big.bin", PartNumber: parts + 1 })), { status: 416 });
    const range = await s3.send(new GetObjectCommand({ Bucket, Key: "big.bin", Range: `bytes=${5 * MiB - 2}-${5 * MiB + 1}` }));
    expect(Buffer.from(await range.Body!.transformToByteArray()).equals(data.subarray(5 * MiB - 2, 5 * MiB + 2))).toBe(true);
  });

  it("lists parts and uploads, copies parts from an object and aborts", async () => {
    const s3 = ctx.client(S3Client);
    const source = Buffer.alloc(6 * MiB, 1);
    await s3.send(new PutObjectCommand({ Bucket, Key: "copy-src", Body: source }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: "assembled", ChecksumAlgorithm: "CRC32" }));
    const p1 = await s3.send(new UploadPartCopyCommand({ Bucket, Key: "assembled", UploadId, PartNumber: 1, CopySource: `${Bucket}/copy-src`, CopySourceRange: `bytes=0-${5 * MiB}` }));
    expect(p1.CopyPartResult?.ETag).toBe(`"${md5(source.subarray(0, 5 * MiB + 1)).toString("hex")}"`);
    const p2 = await s3.send(new UploadPartCommand({ Bucket, Key: "assembled", UploadId, PartNumber: 2, Body: "the end" }));
    const parts = await s3.send(new ListPartsCommand({ Bucket, Key: "assembled", UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, 5 * MiB + 1], [2, 7]]);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket }));
    expect(uploads.Uploads?.map((u) => u.UploadId)).toContain(UploadId);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: "assembled",
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.CopyPartResult?.ETag, ChecksumCRC32: p1.CopyPartResult?.ChecksumCRC32 }, { PartNumber: 2, ETag: p2.ETag, ChecksumCRC32: p2.ChecksumCRC32 }] },
      }),
    );
    expect(done.ChecksumCRC32).toMatch(/-2$/);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: "assembled", ChecksumMode: "ENABLED" }));
    const body = Buffer.from(await got.Body!.transformToByteArray());
    expect(body.length).toBe(5 * MiB + 8);
    expect(body.subarray(-7).toString()).toBe("the end");
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket }))).Uploads?.map((u) => u.UploadId) ?? []).not.toContain(UploadId);

    const aborted = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: "aborted" }));
    await s3.send(new UploadPartCommand({ Bucket, Key: "aborted", UploadId: aborted.UploadId, PartNumber: 1, Body: "x" }));
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: "aborted", UploadId: aborted.UploadId }));
    await expectAwsError(s3.send(new ListPartsCommand({ Bucket, Key: "aborted", UploadId: aborted.UploadId })), { name: "NoSuchUpload", status: 404 });
  });
});
