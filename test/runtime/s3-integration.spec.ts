import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { ROLE, decode, zipOf } from "./fixtures.js";
import { recorder } from "./recorder.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const s3 = (): S3Client => ctx.client(S3Client);

describe("errors", () => {
  it("answers InvalidParameterValueException when the code object does not exist", async () => {
    const bucket = uniqueName("code");
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    await expectAwsError(
      lambda().send(new CreateFunctionCommand({ FunctionName: uniqueName("fn"), Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { S3Bucket: bucket, S3Key: "missing.zip" } })),
      { name: "InvalidParameterValueException", status: 400, message: /^Error occurred while GetObject\. S3 Error Code: NoSuchKey/ },
    );
  });
});

describe("behaviour", () => {
  it("creates a function from a zip in S3", async () => {
    const bucket = uniqueName("code");
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key: "fn.zip", Body: zipOf({ "index.js": `exports.handler = async () => "from s3";` }) }));
    const name = uniqueName("fn");
    await lambda().send(new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { S3Bucket: bucket, S3Key: "fn.zip" } }));
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toBe("from s3");
  });

  it("invokes a function asynchronously with S3's event when an object is created", async () => {
    const fn = await recorder(lambda());
    const bucket = uniqueName("uploads");
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
    await s3().send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: fn.arn, Events: ["s3:ObjectCreated:*"] }] },
      }),
    );
    await ctx.aws.settle();
    await s3().send(new PutObjectCommand({ Bucket: bucket, Key: "photo.jpg", Body: "bytes" }));
    await ctx.aws.settle();
    const records = fn.events().flatMap((e) => (e.Records ?? []) as { eventSource: string; eventName: string; s3: { bucket: { name: string }; object: { key: string; size: number } } }[]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: bucket }, object: { key: "photo.jpg", size: 5 } } });
  });
});
