import { CreateTableCommand, DescribeKinesisStreamingDestinationCommand, DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { GetCodeSigningConfigCommand, GetFunctionCommand, LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetBucketAnalyticsConfigurationCommand, GetObjectCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { CreatePlatformApplicationCommand, CreateTopicCommand, ListTagsForResourceCommand, ListTopicsCommand, SNSClient } from "@aws-sdk/client-sns";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { fakeManifest } from "../helpers/fake-services.js";
import { rawRequest } from "../helpers/raw-request.js";

const ctx = useServer({ services: [fakeManifest] });

describe("awsJson1_0 (as DynamoDB)", () => {
  it("round-trips input and output through the SDK", async () => {
    const ddb = ctx.client(DynamoDBClient);
    await ddb.send(new PutItemCommand({ TableName: "t1", Item: { id: { S: "a" }, n: { N: "1" } } }));
    const got = await ddb.send(new GetItemCommand({ TableName: "t1", Key: { id: { S: "a" } } }));
    expect(got.Item).toEqual({ id: { S: "a" }, n: { N: "1" } });
  });

  it("sends x-amz-crc32 of the body and a request id", async () => {
    const res = await fetch(ctx.endpoint, {
      method: "POST",
      headers: { "x-amz-target": "DynamoDB_20120810.ListTables", "content-type": "application/x-amz-json-1.0" },
      body: "{}",
    });
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("x-amz-crc32")).toBe(String(crc32(body)));
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends the x-amz-crc32 of answers given as ready JSON text, each time (PutItem's constant {} and a GetItem's item)", async () => {
    const call = async (target: string, body: unknown): Promise<{ text: string; crc: string | null }> => {
      const res = await fetch(ctx.endpoint, { method: "POST", headers: { "x-amz-target": `DynamoDB_20120810.${target}`, "content-type": "application/x-amz-json-1.0" }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      return { text: await res.text(), crc: res.headers.get("x-amz-crc32") };
    };
    for (let i = 0; i < 2; i++) {
      const put = await call("PutItem", { TableName: "t1", Item: { id: { S: "crc" }, n: { N: String(i) } } });
      expect(put).toEqual({ text: "{}", crc: String(crc32("{}")) });
      const got = await call("GetItem", { TableName: "t1", Key: { id: { S: "crc" } } });
      expect(JSON.parse(got.text)).toEqual({ Item: { id: { S: "crc" }, n: { N: String(i) } } });
      expect(got.crc).toBe(String(crc32(got.text)));
    }
  });

  it("surfaces service errors as the SDK's named exception", async () => {
    const ddb = ctx.client(DynamoDBClient);
    await expectAwsError(ddb.send(new GetItemCommand({ TableName: "missing", Key: { id: { S: "a" } } })), {
      name: "ResourceNotFoundException",
      status: 400,
      message: "Requested resource not found",
    });
    const raw = await fetch(ctx.endpoint, {
      method: "POST",
      headers: { "x-amz-target": "DynamoDB_20120810.GetItem", "content-type": "application/x-amz-json-1.0" },
      body: JSON.stringify({ TableName: "missing", Key: { id: { S: "a" } } }),
    });
    expect(await raw.json()).toEqual({ __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message: "Requested resource not found" });
  });

  it("uses coral type names where AWS does", async () => {
    const ddb = ctx.client(DynamoDBClient);
    await expectAwsError(ddb.send(new PutItemCommand({ TableName: "t1", Item: { other: { S: "x" } } })), {
      name: "ValidationException",
      status: 400,
      message: "One or more parameter values were invalid: Missing the key id in the item",
    });
  });

  it("answers an unimplemented operation with UnknownOperationException", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const err = await expectAwsError(ddb.send(new DescribeKinesisStreamingDestinationCommand({ TableName: "t" })), {
      name: "UnknownOperationException",
      status: 400,
    });
    expect(err.message).toContain("DescribeKinesisStreamingDestination");
  });

  it("answers malformed JSON with SerializationException and keeps serving", async () => {
    const res = await fetch(ctx.endpoint, {
      method: "POST",
      headers: { "x-amz-target": "DynamoDB_20120810.PutItem", "content-type": "application/x-amz-json-1.0" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ __type: "com.amazon.coral.service#SerializationException", Message: "Start of structure or map found where not expected." });
    await ctx.client(DynamoDBClient).send(new ListTablesCommand({}));
  });

  it("turns a handler bug into a 500 InternalFailure and keeps serving", async () => {
    const ddb = ctx.client(DynamoDBClient);
    await expectAwsError(ddb.send(new GetItemCommand({ TableName: "crash", Key: { id: { S: "a" } } })), { name: "InternalFailure", status: 500 });
    await ddb.send(new ListTablesCommand({}));
  });

  it("rejects a body over the service's limit with 413 and keeps serving", async () => {
    const res = await fetch(ctx.endpoint, {
      method: "POST",
      headers: { "x-amz-target": "DynamoDB_20120810.PutItem", "content-type": "application/x-amz-json-1.0" },
      body: JSON.stringify({ TableName: "t", Item: { id: { S: "x".repeat(100 * 1024) } } }),
    });
    expect(res.status).toBe(413);
    await ctx.client(DynamoDBClient).send(new ListTablesCommand({}));
  });

  it("decodes timestamps the SDK parses as Dates", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const out = await ddb.send(new CreateTableCommand({ TableName: uniqueName("t"), KeySchema: [], AttributeDefinitions: [] }));
    expect(out.TableDescription?.CreationDateTime).toBeInstanceOf(Date);
    expect(out.TableDescription?.CreationDateTime?.getTime()).toBe(ctx.clock.now().getTime());
  });
});

describe("awsQuery (as SNS)", () => {
  it("decodes lists and maps from form parameters and encodes XML results", async () => {
    const sns = ctx.client(SNSClient);
    const { TopicArn } = await sns.send(
      new CreateTopicCommand({ Name: "orders", Tags: [{ Key: "team", Value: "a&b <c>" }, { Key: "env", Value: "dev" }], Attributes: { DisplayName: "Orders" } }),
    );
    expect(TopicArn).toBe("arn:aws:sns:us-east-1:000000000000:orders");
    const { Topics } = await sns.send(new ListTopicsCommand({}));
    expect(Topics).toEqual([{ TopicArn }]);
    const { Tags } = await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
    expect(Tags).toEqual([{ Key: "team", Value: "a&b <c>" }, { Key: "env", Value: "dev" }]);
  });

  it("encodes errors as ErrorResponse", async () => {
    const sns = ctx.client(SNSClient);
    await expectAwsError(sns.send(new CreateTopicCommand({ Name: "" })), { name: "InvalidParameterException", status: 400, message: "Invalid parameter: Topic Name" });
  });

  it("answers an unimplemented action with InvalidAction", async () => {
    const sns = ctx.client(SNSClient);
    const err = await expectAwsError(sns.send(new CreatePlatformApplicationCommand({ Name: "p", Platform: "GCM", Attributes: {} })), { name: "InvalidAction", status: 400 });
    expect(err.message).toContain("CreatePlatformApplication");
  });
});

describe("restJson1 (as Lambda)", () => {
  it("binds path labels and typed query parameters", async () => {
    const lambda = ctx.client(LambdaClient);
    const fn = await lambda.send(new GetFunctionCommand({ FunctionName: "my fn", Qualifier: "live" }));
    expect(fn.Configuration).toEqual({ FunctionName: "my fn", Version: "live" });
    const list = await lambda.send(new ListFunctionsCommand({ MaxItems: 5 }));
    expect(list.Functions).toEqual([{ FunctionName: "max-5-number" }]);
    expect(list.NextMarker).toBe("next");
  });

  it("sets x-amzn-ErrorType and status on errors", async () => {
    const lambda = ctx.client(LambdaClient);
    await expectAwsError(lambda.send(new GetFunctionCommand({ FunctionName: "nope" })), {
      name: "ResourceNotFoundException",
      status: 404,
      message: "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope",
    });
  });

  it("answers an unimplemented route with 404 UnknownOperationException", async () => {
    const lambda = ctx.client(LambdaClient);
    await expectAwsError(lambda.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-1" })), {
      name: "UnknownOperationException",
      status: 404,
    });
  });
});

describe("restXml (as S3)", () => {
  it("routes path-style requests and encodes XML", async () => {
    const s3 = ctx.client(S3Client);
    await s3.send(new CreateBucketCommand({ Bucket: "alpha" }));
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets?.map((b) => b.Name)).toEqual(["alpha"]);
  });

  it("keeps greedy keys with slashes, dots and unicode intact", async () => {
    const s3 = ctx.client(S3Client);
    const key = "a/../b/ünï code/../../etc/passwd";
    const out = await s3.send(new GetObjectCommand({ Bucket: "alpha", Key: key }));
    expect(await out.Body?.transformToString()).toBe(`key=${key}`);
  });

  it("routes virtual-hosted requests by the Host header", async () => {
    const res = await rawRequest(ctx.endpoint, { path: "/some/key", headers: { host: `alpha.s3.localhost:${new URL(ctx.endpoint).port}` } });
    expect(res.body.toString()).toBe("key=some/key");
  });

  it("encodes errors as <Error> with the request id", async () => {
    const s3 = ctx.client(S3Client);
    const err = await expectAwsError(s3.send(new GetObjectCommand({ Bucket: "alpha", Key: "missing" })), {
      name: "NoSuchKey",
      status: 404,
      message: "The specified key does not exist.",
    });
    expect(err.$metadata?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers an unimplemented operation with 501 NotImplemented", async () => {
    const s3 = ctx.client(S3Client);
    await expectAwsError(s3.send(new GetBucketAnalyticsConfigurationCommand({ Bucket: "alpha", Id: "x" })), { name: "NotImplemented", status: 501 });
  });
});

describe("routing and identity", () => {
  it("works for an SDK client configured only by AWS_ENDPOINT_URL", async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = ctx.endpoint;
    try {
      const ddb = new DynamoDBClient({ region: "us-east-1", credentials: { accessKeyId: "any", secretAccessKey: "any" } });
      const { TableNames } = await ddb.send(new ListTablesCommand({}));
      expect(Array.isArray(TableNames)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });

  it("answers a service we do not implement with its protocol's error", async () => {
    const res = await fetch(ctx.endpoint, {
      method: "POST",
      headers: { "x-amz-target": "Kinesis_20131202.ListStreams", "content-type": "application/x-amz-json-1.1" },
      body: "{}",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { __type: string; Message: string };
    expect(body.__type).toBe("com.amazon.coral.service#UnknownOperationException");
    expect(body.Message).toContain("Kinesis_20131202");
  });

  it("scopes state by region", async () => {
    const eu = ctx.client(DynamoDBClient, { region: "eu-west-1" });
    const us = ctx.client(DynamoDBClient);
    await eu.send(new PutItemCommand({ TableName: "regional", Item: { id: { S: "r" } } }));
    expect((await eu.send(new GetItemCommand({ TableName: "regional", Key: { id: { S: "r" } } }))).Item).toBeDefined();
    expect((await us.send(new GetItemCommand({ TableName: "regional", Key: { id: { S: "r" } } }))).Item).toBeUndefined();
  });

  it("takes the account from a 12-digit access key id", async () => {
    const sns = ctx.client(SNSClient, { credentials: { accessKeyId: "123456789012", secretAccessKey: "x" } });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "acct" }));
    expect(TopicArn).toBe("arn:aws:sns:us-east-1:123456789012:acct");
  });
});
