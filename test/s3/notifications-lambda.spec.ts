import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const dir = mkdtempSync(join(tmpdir(), "s3-lambda-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("behaviour", () => {
  it("runs a function whose code is in S3 for each object created, with S3's event", async () => {
    const s3 = ctx.client(S3Client);
    const lambda = ctx.client(LambdaClient);
    const Bucket = uniqueName("to-lambda").toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket }));
    const out = join(dir, "events.jsonl");
    const code = `const fs = require("fs"); exports.handler = async (e) => { fs.appendFileSync(process.env.OUT, JSON.stringify(e) + "\\n"); };`;
    await s3.send(new PutObjectCommand({ Bucket, Key: "code/fn.zip", Body: zipSync({ "index.js": strToU8(code) }) }));
    const FunctionName = uniqueName("on-upload");
    const fn = await lambda.send(
      new CreateFunctionCommand({
        FunctionName,
        Runtime: "nodejs20.x",
        Role: "arn:aws:iam::000000000000:role/lambda-role",
        Handler: "index.handler",
        Code: { S3Bucket: Bucket, S3Key: "code/fn.zip" },
        Environment: { Variables: { OUT: out } },
      }),
    );
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket,
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [{ Id: "thumbs", LambdaFunctionArn: fn.FunctionArn, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "uploads/" }] } } }],
        },
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket, Key: "uploads/a.png", Body: "png" }));
    await s3.send(new PutObjectCommand({ Bucket, Key: "elsewhere/b.png", Body: "png" }));
    await ctx.aws.settle();
    const events = existsSync(out) ? readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>) : [];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      Records: [{ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { configurationId: "thumbs", bucket: { name: Bucket }, object: { key: "uploads/a.png", size: 3 } } }],
    });
  });
});
