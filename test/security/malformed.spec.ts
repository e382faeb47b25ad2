import { CreateTableCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { strToU8, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { rawRequest, uniqueName, useServer, type RawResponse } from "../helpers/index.js";

// Each malformed request the issue (14) found answered 500 gets its protocol's 4xx, as on AWS.
const ctx = useServer();
const TableName = uniqueName("malformed");
const zip = Buffer.from(zipSync({ "index.js": strToU8("exports.handler = async () => 1;") })).toString("base64");

function awsJson(target: string, body: string, version = "1.0"): Promise<RawResponse> {
  return rawRequest(ctx.endpoint, { method: "POST", path: "/", headers: { "content-type": `application/x-amz-json-${version}`, "x-amz-target": target }, body });
}
function json(res: RawResponse): Record<string, string> {
  return JSON.parse(res.body.toString()) as Record<string, string>;
}
function createFunction(extra: Record<string, unknown>): Promise<RawResponse> {
  const body = { FunctionName: uniqueName("fn"), Runtime: "nodejs20.x", Role: "arn:aws:iam::000000000000:role/r", Handler: "index.handler", Code: { ZipFile: zip }, ...extra };
  return rawRequest(ctx.endpoint, { method: "POST", path: "/2015-03-31/functions", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  await ctx.client(DynamoDBClient).send(
    new CreateTableCommand({ TableName, KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }),
  );
});

describe("wrong JSON types", () => {
  it("SQS GetQueueUrl with a list for QueueName is a SerializationException", async () => {
    const res = await awsJson("AmazonSQS.GetQueueUrl", `{"QueueName": []}`);
    expect(res.status).toBe(400);
    expect(json(res).__type).toContain("SerializationException");
  });

  it("DynamoDB TagResource with an object for Tags, Scan with a number for FilterExpression", async () => {
    const tag = await awsJson("DynamoDB_20120810.TagResource", `{"ResourceArn":"arn:aws:dynamodb:us-east-1:000000000000:table/${TableName}","Tags": {}}`);
    expect(tag.status).toBe(400);
    expect(json(tag).__type).toContain("SerializationException");
    const scan = await awsJson("DynamoDB_20120810.Scan", `{"TableName":"${TableName}","FilterExpression": 1}`);
    expect(scan.status).toBe(400);
    expect(json(scan).__type).toContain("SerializationException");
  });

  it("Logs FilterLogEvents with a null logGroupName is an InvalidParameterException", async () => {
    const res = await awsJson("Logs_20140328.FilterLogEvents", `{"logGroupName": null}`, "1.1");
    expect(res.status).toBe(400);
    expect(json(res)).toMatchObject({ __type: "InvalidParameterException", message: "Should provide either logGroupName or logGroupIdentifier." });
  });

  it("Lambda refuses a string Timeout and an object MemorySize at CreateFunction, and an object for ReservedConcurrentExecutions", async () => {
    const timeout = await createFunction({ Timeout: "1" });
    expect(timeout.status).toBe(400);
    expect(timeout.headers["x-amzn-errortype"]).toBe("SerializationException");
    expect(json(timeout).message).toBe("STRING_VALUE cannot be converted to Integer");
    const memory = await createFunction({ MemorySize: {} });
    expect(memory.status).toBe(400);
    expect(memory.headers["x-amzn-errortype"]).toBe("SerializationException");
    const created = await createFunction({});
    expect(created.status).toBe(201);
    const name = json(created).FunctionName!;
    const update = await rawRequest(ctx.endpoint, { method: "PUT", path: `/2015-03-31/functions/${name}/configuration`, headers: { "content-type": "application/json" }, body: `{"Timeout":"3"}` });
    expect(update.status).toBe(400);
    const concurrency = await rawRequest(ctx.endpoint, { method: "PUT", path: `/2017-10-31/functions/${name}/concurrency`, headers: { "content-type": "application/json" }, body: `{"ReservedConcurrentExecutions": {}}` });
    expect(concurrency.status).toBe(400);
    expect(concurrency.headers["x-amzn-errortype"]).toBe("SerializationException");
  });
});

describe("DynamoDB expression limits", () => {
  it("refuses an expression over 4 KB with DynamoDB's message, whatever its nesting", async () => {
    const nested = "(".repeat(5000) + "pk = :v" + ")".repeat(5000);
    const res = await awsJson("DynamoDB_20120810.Scan", JSON.stringify({ TableName, FilterExpression: nested, ExpressionAttributeValues: { ":v": { S: "a" } } }));
    expect(res.status).toBe(400);
    expect(json(res).message).toBe("Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: 10007");
    const update = await awsJson("DynamoDB_20120810.UpdateItem", JSON.stringify({ TableName, Key: { pk: { S: "u" } }, UpdateExpression: `SET a = :v${" ".repeat(4090)}`, ExpressionAttributeValues: { ":v": { S: "a" } } }));
    expect(json(update).message).toBe("Invalid UpdateExpression: Expression size has exceeded the maximum allowed size; expression size: 4100");
  });

  it("evaluates the deepest nesting that fits in 4 KB", async () => {
    const deep = "(".repeat(2040) + "pk = :v" + ")".repeat(2040);
    const res = await awsJson("DynamoDB_20120810.Scan", JSON.stringify({ TableName, FilterExpression: deep, ExpressionAttributeValues: { ":v": { S: "nothing" } } }));
    expect(res.status).toBe(200);
    expect(json(res)).toMatchObject({ Count: 0 });
  });
});

describe("PutItem with two Item members", () => {
  it("stores the member that was validated (the last, as JSON.parse keeps it)", async () => {
    const body = `{"TableName":"${TableName}","Item":{"pk":{"S":"first"},"n":{"N":"x1"}},"Item":{"pk":{"S":"last"},"n":{"N":"2"}}}`;
    const put = await awsJson("DynamoDB_20120810.PutItem", body);
    expect(put.status).toBe(200);
    const ddb = ctx.client(DynamoDBClient);
    expect((await ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: "last" } } }))).Item).toEqual({ pk: { S: "last" }, n: { N: "2" } });
    expect((await ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: "first" } } }))).Item).toBeUndefined();
    const invalidLast = `{"TableName":"${TableName}","Item":{"pk":{"S":"ok"}},"Item":{"pk":{"S":"bad"},"n":{"N":"x1"}}}`;
    expect((await awsJson("DynamoDB_20120810.PutItem", invalidLast)).status).toBe(400);
    expect((await ddb.send(new GetItemCommand({ TableName, Key: { pk: { S: "ok" } } }))).Item).toBeUndefined();
  });
});
