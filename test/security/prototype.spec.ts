import { CreateTableCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { LambdaClient, ListFunctionsCommand, ListTagsCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetBucketTaggingCommand, HeadObjectCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { ListTopicsCommand, SNSClient } from "@aws-sdk/client-sns";
import { strToU8, zipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { queryParamsToTree } from "../../src/core/protocols/aws-query.js";
import { rawRequest, uniqueName, useServer } from "../helpers/index.js";

// Objects built from requests cannot reach prototypes (issue 14): one test per protocol.
const ctx = useServer();

function polluted(): unknown[] {
  const probe = {} as Record<string, unknown>;
  return ["x-amz-target", "polluted", "FunctionName", "x"].map((k) => probe[k]).filter((v) => v !== undefined);
}
afterEach(() => {
  expect(polluted()).toEqual([]);
});

describe("awsQuery (form bodies)", () => {
  it("answers the issue's __proto__.x-amz-target form request harmlessly, and S3 still answers S3", async () => {
    const res = await rawRequest(ctx.endpoint, {
      method: "POST",
      path: "/",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=ListTopics&__proto__.x-amz-target=DynamoDB_20120810.ListTables&constructor.prototype.polluted=1",
    });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain("<ListTopicsResponse");
    expect(polluted()).toEqual([]);
    const buckets = await ctx.client(S3Client).send(new ListBucketsCommand({}));
    expect(buckets.Buckets).toBeDefined();
    expect((await ctx.client(SNSClient).send(new ListTopicsCommand({}))).Topics).toBeDefined();
  });

  it("keeps __proto__, constructor and prototype as plain parameter names", () => {
    const tree = queryParamsToTree([
      ["__proto__.polluted", "1"],
      ["constructor.prototype.polluted", "2"],
      ["Attributes.entry.1.key", "__proto__"],
      ["Attributes.entry.1.value", "v"],
    ]);
    expect(Object.keys(tree).sort()).toEqual(["Attributes", "__proto__", "constructor"]);
    expect((tree.__proto__ as Record<string, unknown>).polluted).toBe("1");
    expect(Object.keys(tree.Attributes as object)).toEqual(["__proto__"]);
    expect((tree as Record<string, unknown>).toString).toBeUndefined();
  });
});

describe("awsJson", () => {
  it("stores and returns DynamoDB attributes named __proto__, constructor and prototype", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const TableName = uniqueName("proto");
    await ddb.send(new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
    const body = `{"TableName":"${TableName}","Item":{"pk":{"S":"a"},"__proto__":{"S":"p"},"constructor":{"S":"c"},"prototype":{"M":{"__proto__":{"N":"1"}}}}}`;
    const put = await rawRequest(ctx.endpoint, { method: "POST", path: "/", headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.PutItem" }, body });
    expect(put.status).toBe(200);
    // Read raw: the SDK's own deserializer drops a `__proto__` member.
    const get = await rawRequest(ctx.endpoint, { method: "POST", path: "/", headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem" }, body: `{"TableName":"${TableName}","Key":{"pk":{"S":"a"}}}` });
    const item = (JSON.parse(get.body.toString()) as { Item: Record<string, unknown> }).Item;
    expect(Object.keys(item).sort()).toEqual(["__proto__", "constructor", "pk", "prototype"]);
    expect(Object.getOwnPropertyDescriptor(item, "__proto__")?.value).toEqual({ S: "p" });
    expect(item.constructor).toEqual({ S: "c" });
    expect((await ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: "a" } } }))).Item?.constructor).toEqual({ S: "c" });
  });

  it("does not take a top-level __proto__ member for the input's members", async () => {
    const res = await rawRequest(ctx.endpoint, {
      method: "POST",
      path: "/",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.DescribeTable" },
      body: `{"__proto__":{"TableName":"ghost"}}`,
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString()).__type).toContain("ValidationException");
  });
});

describe("restJson", () => {
  const zip = Buffer.from(zipSync({ "index.js": strToU8("exports.handler = async () => 1;") })).toString("base64");

  it("keeps tag keys named __proto__ and constructor, and never reads members through __proto__", async () => {
    const FunctionName = uniqueName("proto");
    const base = { Runtime: "nodejs20.x", Role: "arn:aws:iam::000000000000:role/r", Handler: "index.handler", Code: { ZipFile: zip } };
    const sneaky = await rawRequest(ctx.endpoint, { method: "POST", path: "/2015-03-31/functions", headers: { "content-type": "application/json" }, body: `{"__proto__":${JSON.stringify({ FunctionName, ...base })}}` });
    expect(sneaky.status).toBe(400);
    const lambda = ctx.client(LambdaClient);
    expect(((await lambda.send(new ListFunctionsCommand({}))).Functions ?? []).map((f) => f.FunctionName)).not.toContain(FunctionName);
    const body = `{"FunctionName":"${FunctionName}","Runtime":"nodejs20.x","Role":"${base.Role}","Handler":"index.handler","Code":{"ZipFile":"${zip}"},"Tags":{"__proto__":"p","constructor":"c"}}`;
    const created = await rawRequest(ctx.endpoint, { method: "POST", path: "/2015-03-31/functions", headers: { "content-type": "application/json" }, body });
    expect(created.status).toBe(201);
    const arn = (JSON.parse(created.body.toString()) as { FunctionArn: string }).FunctionArn;
    const tags = (await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags!;
    expect(Object.getOwnPropertyDescriptor(tags, "__proto__")?.value).toBe("p");
    expect(tags.constructor).toBe("c");
  });
});

describe("restXml and headers", () => {
  it("keeps x-amz-meta-__proto__ and a tag key __proto__ as plain names", async () => {
    const s3 = ctx.client(S3Client);
    const Bucket = uniqueName("proto").toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket }));
    const put = await rawRequest(ctx.endpoint, { method: "PUT", path: `/${Bucket}/k`, headers: { "x-amz-meta-__proto__": "p", "x-amz-meta-constructor": "c" }, body: "x" });
    expect(put.status).toBe(200);
    expect((await s3.send(new HeadObjectCommand({ Bucket, Key: "k" }))).Metadata).toMatchObject({ constructor: "c" });
    const head = await rawRequest(ctx.endpoint, { method: "HEAD", path: `/${Bucket}/k` });
    expect(head.headers["x-amz-meta-__proto__"]).toBe("p");
    expect(head.headers["x-amz-meta-constructor"]).toBe("c");
    const tagging = `<Tagging><TagSet><Tag><Key>__proto__</Key><Value>v</Value></Tag></TagSet></Tagging>`;
    expect((await rawRequest(ctx.endpoint, { method: "PUT", path: `/${Bucket}?tagging`, body: tagging })).status).toBeLessThan(300);
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket }))).TagSet).toEqual([{ Key: "__proto__", Value: "v" }]);
  });

  it("answers MalformedXML for an element named __proto__", async () => {
    const Bucket = uniqueName("proto").toLowerCase();
    await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket }));
    const res = await rawRequest(ctx.endpoint, { method: "PUT", path: `/${Bucket}?tagging`, body: "<Tagging><__proto__><TagSet/></__proto__></Tagging>" });
    expect(res.status).toBe(400);
    expect(res.body.toString()).toContain("<Code>MalformedXML</Code>");
  });

  it("serves requests with headers named __proto__ and constructor", async () => {
    const res = await rawRequest(ctx.endpoint, {
      method: "POST",
      path: "/",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.ListTables", constructor: "x", ["__proto__"]: "y" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toHaveProperty("TableNames");
  });
});
