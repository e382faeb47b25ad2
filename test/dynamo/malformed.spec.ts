/** Malformed requests get AWS-shaped 400s and harm nothing. */
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { rawRequest, useServer } from "../helpers/index.js";

const ctx = useServer();

async function send(operation: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await rawRequest(ctx.endpoint, {
    method: "POST",
    path: "/",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `DynamoDB_20120810.${operation}` },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, json: JSON.parse(res.body.toString()) as Record<string, unknown> };
}

describe("errors", () => {
  it("answers SerializationException for members of the wrong JSON type", async () => {
    expect(await send("DescribeTable", { TableName: true })).toEqual({
      status: 400,
      json: { __type: "com.amazon.coral.service#SerializationException", Message: "TRUE_VALUE cannot be converted to String" },
    });
    expect(await send("CreateTable", { TableName: "abc", KeySchema: [{ AttributeName: "a", KeyType: "HASH" }], AttributeDefinitions: "x" })).toEqual({
      status: 400,
      json: { __type: "com.amazon.coral.service#SerializationException", Message: "STRING_VALUE cannot be converted to List" },
    });
    expect(await send("ListTables", { Limit: "ten" })).toEqual({
      status: 400,
      json: { __type: "com.amazon.coral.service#SerializationException", Message: "STRING_VALUE cannot be converted to Integer" },
    });
  });

  it("answers ValidationException for null list entries and keeps serving", async () => {
    expect(await send("TransactGetItems", { TransactItems: [null] })).toEqual({
      status: 400,
      json: { __type: "com.amazon.coral.validate#ValidationException", message: "1 validation error detected: Value null at 'transactItems.1.member' failed to satisfy constraint: Member must not be null" },
    });
    expect((await send("PutItem", "{not json")).status).toBe(400);
    const tables = await ctx.client(DynamoDBClient).send(new ListTablesCommand({}));
    expect(tables.TableNames).toEqual(expect.any(Array));
  });
});
