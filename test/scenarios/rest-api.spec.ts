/**
 * Scenario: a serverless REST API — an HTTP API routes CRUD requests to one Lambda function that
 * keeps items in a DynamoDB table — driven with plain HTTP, as a browser or curl would.
 */
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from "@aws-sdk/client-apigatewayv2";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { createFunction } from "./helpers.js";

const ctx = useServer();

const HANDLER = `
const { DynamoDBClient, GetItemCommand, PutItemCommand, DeleteItemCommand, ScanCommand } = require("@aws-sdk/client-dynamodb");
const ddb = new DynamoDBClient({});
const TableName = process.env.TABLE;
const reply = (statusCode, body) => ({ statusCode, headers: { "content-type": "application/json" }, body: body === undefined ? "" : JSON.stringify(body) });
const toItem = (id, data) => ({ id: { S: id }, name: { S: String(data.name) }, price: { N: String(data.price) } });
const fromItem = (i) => ({ id: i.id.S, name: i.name.S, price: Number(i.price.N) });
exports.handler = async (event) => {
  const id = event.pathParameters?.id;
  switch (event.routeKey) {
    case "POST /items": {
      const data = JSON.parse(event.body);
      const newId = require("crypto").randomUUID();
      await ddb.send(new PutItemCommand({ TableName, Item: toItem(newId, data) }));
      return reply(201, { id: newId, ...data });
    }
    case "GET /items":
      return reply(200, ((await ddb.send(new ScanCommand({ TableName }))).Items ?? []).map(fromItem).sort((a, b) => a.name.localeCompare(b.name)));
    case "GET /items/{id}": {
      const { Item } = await ddb.send(new GetItemCommand({ TableName, Key: { id: { S: id } } }));
      return Item ? reply(200, fromItem(Item)) : reply(404, { message: "not found" });
    }
    case "PUT /items/{id}": {
      try {
        await ddb.send(new PutItemCommand({ TableName, Item: toItem(id, JSON.parse(event.body)), ConditionExpression: "attribute_exists(id)" }));
      } catch (err) {
        if (err.name === "ConditionalCheckFailedException") return reply(404, { message: "not found" });
        throw err;
      }
      return reply(200, { id, ...JSON.parse(event.body) });
    }
    case "DELETE /items/{id}":
      await ddb.send(new DeleteItemCommand({ TableName, Key: { id: { S: id } } }));
      return reply(204);
  }
  return reply(400, { message: "unknown route " + event.routeKey });
};`;

it("serves create, read, update, delete and list over plain HTTP", async () => {
  const ddb = ctx.client(DynamoDBClient);
  const v2 = ctx.client(ApiGatewayV2Client);
  const table = uniqueName("items");
  await ddb.send(new CreateTableCommand({ TableName: table, KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
  const fn = await createFunction(ctx.client(LambdaClient), HANDLER, { env: { TABLE: table } });
  const api = await v2.send(new CreateApiCommand({ Name: uniqueName("shop"), ProtocolType: "HTTP" }));
  const integration = await v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: fn.arn, PayloadFormatVersion: "2.0" }));
  for (const route of ["POST /items", "GET /items", "GET /items/{id}", "PUT /items/{id}", "DELETE /items/{id}"]) {
    await v2.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: route, Target: `integrations/${integration.IntegrationId}` }));
  }
  await v2.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: "$default", AutoDeploy: true }));
  const base = api.ApiEndpoint!;
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const res = await fetch(`${base}${path}`, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
  };

  const created = await call("POST", "/items", { name: "tea", price: 3 });
  expect(created.status).toBe(201);
  const id = (created.json as { id: string }).id;
  await call("POST", "/items", { name: "coffee", price: 4 });
  expect(await call("GET", `/items/${id}`)).toEqual({ status: 200, json: { id, name: "tea", price: 3 } });
  expect(await call("PUT", `/items/${id}`, { name: "green tea", price: 5 })).toEqual({ status: 200, json: { id, name: "green tea", price: 5 } });
  expect((await call("GET", "/items")).json).toEqual([expect.objectContaining({ name: "coffee", price: 4 }), { id, name: "green tea", price: 5 }]);
  expect((await call("DELETE", `/items/${id}`)).status).toBe(204);
  expect((await call("GET", `/items/${id}`)).status).toBe(404);
  expect((await call("PUT", "/items/nope", { name: "x", price: 1 })).status).toBe(404);
  expect(((await call("GET", "/items")).json as unknown[]).length).toBe(1);
  expect((await call("PATCH", "/items")).status).toBe(404);
});
