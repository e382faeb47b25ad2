import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand,
  DeleteObjectTaggingCommand,
  GetBucketCorsCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketWebsiteCommand,
  GetObjectAttributesCommand,
  GetObjectTaggingCommand,
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const Bucket = uniqueName("cfg").toLowerCase();

beforeAll(async () => {
  await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket }));
});

describe("validation", () => {
  it("rejects a policy that is not JSON", async () => {
    await expectAwsError(ctx.client(S3Client).send(new PutBucketPolicyCommand({ Bucket, Policy: "not json" })), {
      name: "MalformedPolicy",
      status: 400,
      message: "Policies must be valid JSON and the first byte must be '{'",
    });
  });

  it("rejects duplicate tag keys and unsupported CORS methods", async () => {
    const s3 = ctx.client(S3Client);
    await expectAwsError(s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }] } })), {
      name: "InvalidTag",
      status: 400,
      message: "Cannot provide multiple Tags with the same key",
    });
    await expectAwsError(s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["*"], AllowedMethods: ["PATCH"] }] } })), {
      name: "InvalidRequest",
      status: 400,
      message: "Found unsupported HTTP method in CORS config. Unsupported method is PATCH",
    });
  });
});

describe("errors", () => {
  it("answers each missing configuration with its own code", async () => {
    const s3 = ctx.client(S3Client);
    await expectAwsError(s3.send(new GetBucketCorsCommand({ Bucket })), { name: "NoSuchCORSConfiguration", status: 404, message: "The CORS configuration does not exist" });
    await expectAwsError(s3.send(new GetBucketPolicyCommand({ Bucket })), { name: "NoSuchBucketPolicy", status: 404, message: "The bucket policy does not exist" });
    await expectAwsError(s3.send(new GetBucketTaggingCommand({ Bucket })), { name: "NoSuchTagSet", status: 404, message: "The TagSet does not exist" });
    await expectAwsError(s3.send(new GetBucketWebsiteCommand({ Bucket })), {
      name: "NoSuchWebsiteConfiguration",
      status: 404,
      message: "The specified bucket does not have a website configuration",
    });
  });
});

describe("behaviour", () => {
  it("stores and deletes CORS, policy and tags", async () => {
    const s3 = ctx.client(S3Client);
    const CORSRules = [{ AllowedOrigins: ["https://a.example"], AllowedMethods: ["GET", "PUT"], AllowedHeaders: ["*"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 300 }];
    await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules } }));
    expect((await s3.send(new GetBucketCorsCommand({ Bucket }))).CORSRules).toEqual(CORSRules);
    const Policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${Bucket}/*` }] });
    await s3.send(new PutBucketPolicyCommand({ Bucket, Policy }));
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy).toBe(Policy);
    await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: "team", Value: "web" }] } }));
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual([{ Key: "team", Value: "web" }]);
    await s3.send(new DeleteBucketCorsCommand({ Bucket }));
    await s3.send(new DeleteBucketPolicyCommand({ Bucket }));
    await s3.send(new DeleteBucketTaggingCommand({ Bucket }));
    await expectAwsError(s3.send(new GetBucketTaggingCommand({ Bucket })), { name: "NoSuchTagSet", status: 404 });
  });

  it("stores a website configuration", async () => {
    const s3 = ctx.client(S3Client);
    await s3.send(new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration: { IndexDocument: { Suffix: "index.html" }, ErrorDocument: { Key: "404.html" } } }));
    const got = await s3.send(new GetBucketWebsiteCommand({ Bucket }));
    expect(got.IndexDocument).toEqual({ Suffix: "index.html" });
    expect(got.ErrorDocument).toEqual({ Key: "404.html" });
  });

  it("tags objects and reports their attributes", async () => {
    const s3 = ctx.client(S3Client);
    const put = await s3.send(new PutObjectCommand({ Bucket, Key: "tagged", Body: "12345", ChecksumAlgorithm: "SHA256" }));
    await s3.send(new PutObjectTaggingCommand({ Bucket, Key: "tagged", Tagging: { TagSet: [{ Key: "k", Value: "v" }] } }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket, Key: "tagged" }))).TagSet).toEqual([{ Key: "k", Value: "v" }]);
    await s3.send(new DeleteObjectTaggingCommand({ Bucket, Key: "tagged" }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket, Key: "tagged" }))).TagSet).toEqual([]);
    const attrs = await s3.send(new GetObjectAttributesCommand({ Bucket, Key: "tagged", ObjectAttributes: ["ETag", "ObjectSize", "StorageClass", "Checksum"] }));
    expect(attrs.ETag).toBe(put.ETag!.replace(/"/g, ""));
    expect(attrs.ObjectSize).toBe(5);
    expect(attrs.StorageClass).toBe("STANDARD");
    expect(attrs.Checksum?.ChecksumSHA256).toBe(put.ChecksumSHA256);
  });
});
