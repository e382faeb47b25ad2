import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";

const run = promisify(execFile);
const ctx = useServer();
const Bucket = uniqueName("cli").toLowerCase();
let dir: string;

async function aws(...args: string[]): Promise<string> {
  const { stdout } = await run("/usr/bin/aws", ["--endpoint-url", ctx.endpoint, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_ACCESS_KEY_ID: "AKIDCLITEST",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_PAGER: "",
      AWS_EC2_METADATA_DISABLED: "true",
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "s3-cli-"));
  await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("behaviour", () => {
  it("copies a 20 MB file up (multipart, parallel parts) and down (parallel ranges) unchanged", async () => {
    const data = randomBytes(20 * 1024 * 1024);
    writeFileSync(join(dir, "big.bin"), data);
    await aws("s3", "cp", join(dir, "big.bin"), `s3://${Bucket}/big.bin`, "--only-show-errors");
    const head = await ctx.client(S3Client).send(new HeadObjectCommand({ Bucket, Key: "big.bin" }));
    expect(head.ContentLength).toBe(data.length);
    expect(head.ETag).toMatch(/-\d+"$/);
    await aws("s3", "cp", `s3://${Bucket}/big.bin`, join(dir, "back.bin"), "--only-show-errors");
    const back = readFileSync(join(dir, "back.bin"));
    expect(createHash("md5").update(back).digest("hex")).toBe(createHash("md5").update(data).digest("hex"));
  });

  it("syncs a folder, lists it with URL-encoded keys and removes it", async () => {
    mkdirSync(join(dir, "site/sub dir"), { recursive: true });
    writeFileSync(join(dir, "site/index.html"), "<p>index</p>");
    writeFileSync(join(dir, "site/sub dir/a+b.txt"), "plus");
    // The virtual clock stands still; move it past the files' mtimes so sync sees the uploads as current.
    await ctx.clock.advance(120_000);
    await aws("s3", "sync", join(dir, "site"), `s3://${Bucket}/site`, "--only-show-errors");
    const keys = (await ctx.client(S3Client).send(new ListObjectsV2Command({ Bucket, Prefix: "site/" }))).Contents?.map((c) => c.Key);
    expect(keys).toEqual(["site/index.html", "site/sub dir/a+b.txt"]);
    const listed = await aws("s3", "ls", `s3://${Bucket}/site/`, "--recursive");
    expect(listed).toContain("site/sub dir/a+b.txt");
    expect(await aws("s3", "sync", join(dir, "site"), `s3://${Bucket}/site`)).toBe("");
    await aws("s3", "rm", `s3://${Bucket}/site`, "--recursive", "--only-show-errors");
    expect((await ctx.client(S3Client).send(new ListObjectsV2Command({ Bucket, Prefix: "site/" }))).KeyCount).toBe(0);
    // Five CLI processes: each Python start-up takes seconds on a loaded machine (it timed out at 30 s in a full run).
  }, 90_000);

  it("presigns a URL that downloads the object", async () => {
    await ctx.client(S3Client).send(new PutObjectCommand({ Bucket, Key: "shared.txt", Body: "shared by url" }));
    const url = (await aws("s3", "presign", `s3://${Bucket}/shared.txt`, "--expires-in", "300")).trim();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("shared by url");
  });

  it("answers s3api calls", async () => {
    writeFileSync(join(dir, "body.txt"), "from s3api");
    const put = JSON.parse(await aws("s3api", "put-object", "--bucket", Bucket, "--key", "api/one.txt", "--body", join(dir, "body.txt"), "--content-type", "text/plain")) as {
      ETag: string;
    };
    expect(put.ETag).toBe(`"${createHash("md5").update("from s3api").digest("hex")}"`);
    const head = JSON.parse(await aws("s3api", "head-object", "--bucket", Bucket, "--key", "api/one.txt")) as { ContentLength: number; ContentType: string };
    expect(head).toMatchObject({ ContentLength: 10, ContentType: "text/plain" });
    const list = JSON.parse(await aws("s3api", "list-objects-v2", "--bucket", Bucket, "--prefix", "api/")) as { Contents: { Key: string }[] };
    expect(list.Contents.map((c) => c.Key)).toEqual(["api/one.txt"]);
    await aws("s3api", "copy-object", "--bucket", Bucket, "--key", "api/two.txt", "--copy-source", `${Bucket}/api/one.txt`);
    const got = await ctx.client(S3Client).send(new GetObjectCommand({ Bucket, Key: "api/two.txt" }));
    expect(await got.Body!.transformToString()).toBe("from s3api");
  });
});
