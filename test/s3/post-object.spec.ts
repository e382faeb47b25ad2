import { CreateBucketCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, PutBucketNotificationConfigurationCommand, S3Client } from "@aws-sdk/client-s3";
import { createHash, createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { S3NotificationMatched } from "../../src/core/events.js";
import { s3Manifest } from "../../src/s3/manifest.js";
import { testCredentials, uniqueName, useServer } from "../helpers/index.js";
import { fakeTargetsManifest } from "./fake-targets.js";

// Browser-based uploads (POST Object): a form with a signed POST policy, as
// @aws-sdk/s3-presigned-post's createPresignedPost builds it, sent as multipart/form-data.
const ctx = useServer({ services: [s3Manifest, fakeTargetsManifest] });
const s3 = (): S3Client => ctx.client(S3Client);
const QUEUE = "arn:aws:sqs:us-east-1:000000000000:uploads";

let matched: S3NotificationMatched[] = [];
beforeAll(() => {
  ctx.aws.server.eventLog.forOwner("test").consume({ name: "observer", kinds: ["s3.NotificationMatched"], handle: (f) => void matched.push(f.payload) });
});

async function bucket(): Promise<string> {
  const Bucket = uniqueName("post").toLowerCase();
  await s3().send(new CreateBucketCommand({ Bucket }));
  return Bucket;
}

const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** The fields createPresignedPost returns: policy conditions + SigV4 fields, signed with the secret. */
function presignedPost(Bucket: string, key: string, conditions: unknown[], fields: Record<string, string> = {}, expiresInMs = 3600_000): Record<string, string> {
  const now = ctx.clock.now().getTime();
  const date = amzDate(now);
  const credential = `${testCredentials.accessKeyId}/${date.slice(0, 8)}/us-east-1/s3/aws4_request`;
  const all: Record<string, string> = { bucket: Bucket, ...fields, "X-Amz-Algorithm": "AWS4-HMAC-SHA256", "X-Amz-Credential": credential, "X-Amz-Date": date, key };
  const policy = {
    expiration: new Date(now + expiresInMs).toISOString(),
    conditions: [...Object.entries(all).map(([k, v]) => ({ [k]: v })), ...conditions],
  };
  const Policy = Buffer.from(JSON.stringify(policy)).toString("base64");
  let signingKey: Buffer = createHmac("sha256", `AWS4${testCredentials.secretAccessKey}`).update(date.slice(0, 8)).digest();
  for (const part of ["us-east-1", "s3", "aws4_request"]) signingKey = createHmac("sha256", signingKey).update(part).digest();
  return { ...all, Policy, "X-Amz-Signature": createHmac("sha256", signingKey).update(Policy).digest("hex") };
}

async function post(Bucket: string, fields: Record<string, string>, content: string | Buffer = "hello post", filename = "photo.jpg"): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append("file", new Blob([content]), filename);
  return fetch(`${ctx.endpoint}/${Bucket}`, { method: "POST", body: form, redirect: "manual" });
}

async function errorOf(res: Response): Promise<{ status: number; code?: string; message?: string }> {
  const text = (await res.text()).replaceAll("&quot;", '"').replaceAll("&apos;", "'");
  return { status: res.status, code: /<Code>(.*?)<\/Code>/.exec(text)?.[1], message: /<Message>(.*?)<\/Message>/s.exec(text)?.[1] };
}

describe("behaviour", () => {
  it("stores the file with the form's metadata and answers 204 with the ETag and Location", async () => {
    const Bucket = await bucket();
    const fields = presignedPost(Bucket, "uploads/a.txt", [["content-length-range", 1, 1024]], { "Content-Type": "text/plain", "x-amz-meta-owner": "ann" });
    const res = await post(Bucket, fields);
    expect(res.status).toBe(204);
    const md5 = createHash("md5").update("hello post").digest("hex");
    expect(res.headers.get("etag")).toBe(`"${md5}"`);
    expect(res.headers.get("location")).toBe(`${ctx.endpoint}/${Bucket}/uploads/a.txt`);
    const got = await s3().send(new GetObjectCommand({ Bucket, Key: "uploads/a.txt" }));
    expect(await got.Body!.transformToString()).toBe("hello post");
    expect(got.ContentType).toBe("text/plain");
    expect(got.Metadata).toEqual({ owner: "ann" });
    expect(got.ETag).toBe(`"${md5}"`);
  });

  it("answers 201 with a PostResponse document when success_action_status is 201", async () => {
    const Bucket = await bucket();
    const res = await post(Bucket, presignedPost(Bucket, "b.txt", [], { success_action_status: "201" }));
    expect(res.status).toBe(201);
    const xml = await res.text();
    expect(xml).toContain(`<Bucket>${Bucket}</Bucket>`);
    expect(xml).toContain("<Key>b.txt</Key>");
    expect(xml).toMatch(/<ETag>("|&quot;)[0-9a-f]{32}("|&quot;)<\/ETag>/);
  });

  it("redirects to success_action_redirect with the bucket, key and ETag", async () => {
    const Bucket = await bucket();
    const res = await post(Bucket, presignedPost(Bucket, "c.txt", [], { success_action_redirect: "http://app.example/done" }));
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!);
    expect(location.origin + location.pathname).toBe("http://app.example/done");
    expect(location.searchParams.get("bucket")).toBe(Bucket);
    expect(location.searchParams.get("key")).toBe("c.txt");
    expect(location.searchParams.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it("puts the uploaded file's name in place of ${filename}", async () => {
    const Bucket = await bucket();
    const res = await post(Bucket, presignedPost(Bucket, "user/${filename}", []), "x", "cat.png");
    expect(res.status).toBe(204);
    expect((await s3().send(new HeadObjectCommand({ Bucket, Key: "user/cat.png" }))).ContentLength).toBe(1);
  });

  it("sends an s3:ObjectCreated:Post notification", async () => {
    const Bucket = await bucket();
    await s3().send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration: { QueueConfigurations: [{ QueueArn: QUEUE, Events: ["s3:ObjectCreated:Post"] }] } }));
    matched = [];
    expect((await post(Bucket, presignedPost(Bucket, "n.txt", []))).status).toBe(204);
    await ctx.aws.settle();
    const records = matched.flatMap((m) => (m.message as { Records?: { eventName: string; s3: { object: { key: string; size: number } } }[] }).Records ?? []);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ eventName: "ObjectCreated:Post", s3: { object: { key: "n.txt", size: 10 } } });
  });
});

describe("errors", () => {
  it("refuses an expired policy, measured on the clock", async () => {
    const Bucket = await bucket();
    const fields = presignedPost(Bucket, "late.txt", [], {}, 60_000);
    await ctx.clock.advance(61_000);
    expect(await errorOf(await post(Bucket, fields))).toEqual({ status: 403, code: "AccessDenied", message: "Invalid according to Policy: Policy expired." });
    await expect(s3().send(new HeadObjectCommand({ Bucket, Key: "late.txt" }))).rejects.toMatchObject({ name: "NotFound" });
  });

  it("refuses a field that fails its condition, naming the condition", async () => {
    const Bucket = await bucket();
    const fields = presignedPost(Bucket, "x", [["starts-with", "$key", "user/"]]);
    const res = await post(Bucket, { ...fields, key: "other/evil.txt" });
    expect(await errorOf(res)).toEqual({ status: 403, code: "AccessDenied", message: 'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "x"]' });
  });

  it("refuses a field the policy does not name", async () => {
    const Bucket = await bucket();
    const fields = presignedPost(Bucket, "y.txt", []);
    const res = await post(Bucket, { ...fields, "x-amz-meta-extra": "1" });
    expect(await errorOf(res)).toEqual({ status: 403, code: "AccessDenied", message: "Invalid according to Policy: Extra input fields: x-amz-meta-extra" });
  });

  it("refuses a file outside content-length-range and stores nothing", async () => {
    const Bucket = await bucket();
    const res = await post(Bucket, presignedPost(Bucket, "big.bin", [["content-length-range", 0, 4]]), "too many bytes");
    expect(await errorOf(res)).toMatchObject({ status: 400, code: "EntityTooLarge", message: "Your proposed upload exceeds the maximum allowed size" });
    await expect(s3().send(new HeadObjectCommand({ Bucket, Key: "big.bin" }))).rejects.toMatchObject({ name: "NotFound" });
  });

  it("requires a key field and a file", async () => {
    const Bucket = await bucket();
    const { key: _key, ...noKey } = presignedPost(Bucket, "k", []);
    expect(await errorOf(await post(Bucket, noKey))).toMatchObject({ status: 400, code: "InvalidArgument", message: "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields." });
    const form = new FormData();
    form.append("key", "k");
    const res = await fetch(`${ctx.endpoint}/${Bucket}`, { method: "POST", body: form });
    expect(await errorOf(res)).toMatchObject({ status: 400, code: "InvalidArgument", message: "POST requires exactly one file upload per request." });
  });

  it("answers a body that is not multipart/form-data with MalformedPOSTRequest", async () => {
    const Bucket = await bucket();
    const res = await fetch(`${ctx.endpoint}/${Bucket}`, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=zzz" }, body: "not a form" });
    expect(await errorOf(res)).toMatchObject({ status: 400, code: "MalformedPOSTRequest" });
  });

  it("tags the object with the form's tagging document", async () => {
    const Bucket = await bucket();
    const tagging = "<Tagging><TagSet><Tag><Key>team</Key><Value>web</Value></Tag><Tag><Key>tier</Key><Value>gold</Value></Tag></TagSet></Tagging>";
    const res = await post(Bucket, presignedPost(Bucket, "tagged.txt", [], { tagging }));
    expect(res.status).toBe(204);
    const got = await s3().send(new GetObjectTaggingCommand({ Bucket, Key: "tagged.txt" }));
    expect(got.TagSet).toEqual([
      { Key: "team", Value: "web" },
      { Key: "tier", Value: "gold" },
    ]);
    const head = await s3().send(new HeadObjectCommand({ Bucket, Key: "tagged.txt" }));
    expect(head.$metadata.httpStatusCode).toBe(200);
  });

  it("refuses a tagging field that is not a tag set, and stores nothing", async () => {
    const Bucket = await bucket();
    const bad = await post(Bucket, presignedPost(Bucket, "bad.txt", [], { tagging: "<Tagging><TagSet>" }));
    expect(await errorOf(bad)).toMatchObject({ status: 400, code: "MalformedXML" });
    const tooMany = `<Tagging><TagSet>${Array.from({ length: 11 }, (_, i) => `<Tag><Key>k${i}</Key><Value>v</Value></Tag>`).join("")}</TagSet></Tagging>`;
    const res = await post(Bucket, presignedPost(Bucket, "bad.txt", [], { tagging: tooMany }));
    expect(await errorOf(res)).toMatchObject({ status: 400, code: "InvalidTag", message: "Object tags cannot be greater than 10" });
    await expect(s3().send(new HeadObjectCommand({ Bucket, Key: "bad.txt" }))).rejects.toMatchObject({ name: "NotFound" });
  });
});
