import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutBucketWebsiteCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";

// Unsigned requests are judged by bucket policies under --enforce-iam (served as before without it).
const ctx = useServer({ enforceIam: "on" });
const s3 = (): S3Client => ctx.client(S3Client);
const open = uniqueName("public").toLowerCase();
const closed = uniqueName("private").toLowerCase();

function policy(statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

beforeAll(async () => {
  for (const Bucket of [open, closed]) {
    await s3().send(new CreateBucketCommand({ Bucket }));
    await s3().send(new PutObjectCommand({ Bucket, Key: "site/index.html", Body: "<h1>hi</h1>" }));
    await s3().send(new PutObjectCommand({ Bucket, Key: "secret/plan.txt", Body: "plan" }));
  }
  await s3().send(
    new PutBucketPolicyCommand({
      Bucket: open,
      Policy: policy([
        { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${open}/*` },
        { Sid: "NoSecrets", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:*", Resource: `arn:aws:s3:::${open}/secret/*` },
        { Sid: "HttpsUploadsOnly", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `arn:aws:s3:::${open}/*`, Condition: { Bool: { "aws:SecureTransport": "false" } } },
      ]),
    }),
  );
});

async function errorCode(res: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];
}

describe("unsigned requests under a bucket policy", () => {
  it("serves an unsigned GET that a Principal * Allow of s3:GetObject covers", async () => {
    const res = await fetch(`${ctx.endpoint}/${open}/site/index.html`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("<h1>hi</h1>");
  });

  it("refuses what a Deny statement covers, even where an Allow matches", async () => {
    const res = await fetch(`${ctx.endpoint}/${open}/secret/plan.txt`);
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("AccessDenied");
  });

  it("refuses actions no statement allows, and a Deny with a condition that holds (uploads over HTTP)", async () => {
    const list = await fetch(`${ctx.endpoint}/${open}?list-type=2`);
    expect(list.status).toBe(403);
    const put = await fetch(`${ctx.endpoint}/${open}/new.txt`, { method: "PUT", body: "x" });
    expect(put.status).toBe(403);
    expect(await errorCode(put)).toBe("AccessDenied");
  });

  it("judges each key of an unsigned DeleteObjects (the Deny on secret/ refuses the request)", async () => {
    const body = `<Delete><Object><Key>site/index.html</Key></Object><Object><Key>secret/plan.txt</Key></Object></Delete>`;
    const md5 = (await import("node:crypto")).createHash("md5").update(body).digest("base64");
    const res = await fetch(`${ctx.endpoint}/${open}?delete`, { method: "POST", body, headers: { "content-md5": md5, "content-type": "application/xml" } });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("AccessDenied");
  });

  it("answers a missing key with AccessDenied when the policy does not allow s3:ListBucket", async () => {
    const res = await fetch(`${ctx.endpoint}/${open}/site/missing.html`);
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("AccessDenied");
  });

  it("refuses every unsigned request to a bucket without a policy, answers NoSuchBucket for a missing bucket, and refuses ListBuckets", async () => {
    const res = await fetch(`${ctx.endpoint}/${closed}/site/index.html`);
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("AccessDenied");
    const missing = await fetch(`${ctx.endpoint}/${uniqueName("nobucket").toLowerCase()}/k`);
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe("NoSuchBucket");
    expect((await fetch(`${ctx.endpoint}/`)).status).toBe(403);
  });

  it("serves a website only where the policy lets anonymous readers get objects", async () => {
    for (const Bucket of [open, closed]) await s3().send(new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration: { IndexDocument: { Suffix: "index.html" } } }));
    const served = await fetch(`${ctx.endpoint}/_local/website/${open}/site/`);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe("<h1>hi</h1>");
    const refused = await fetch(`${ctx.endpoint}/_local/website/${closed}/site/`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("AccessDenied");
  });

  it("still serves signed requests as before (credentials local-aws did not issue are not judged)", async () => {
    const { Body } = await s3().send(new GetObjectCommand({ Bucket: closed, Key: "secret/plan.txt" }));
    expect(await Body!.transformToString()).toBe("plan");
  });
});
