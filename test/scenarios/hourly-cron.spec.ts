/**
 * Scenario: an EventBridge rule `rate(1 hour)` runs a Lambda function that writes a row to a
 * DynamoDB table; advancing the virtual clock three hours gives three rows, one an hour apart.
 */
import { CreateTableCommand, DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { AddPermissionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { createFunction } from "./helpers.js";

const ctx = useServer();

it("runs an hourly job that writes a row each hour", async () => {
  const ddb = ctx.client(DynamoDBClient);
  const lambda = ctx.client(LambdaClient);
  const events = ctx.client(EventBridgeClient);
  const table = uniqueName("runs");
  await ddb.send(
    new CreateTableCommand({ TableName: table, KeySchema: [{ AttributeName: "runId", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "runId", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }),
  );
  const fn = await createFunction(
    lambda,
    `const { DynamoDBClient, PutItemCommand } = require("@aws-sdk/client-dynamodb");
     const ddb = new DynamoDBClient({});
     exports.handler = async (event) => {
       await ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { runId: { S: event.id }, scheduledAt: { S: event.time }, rule: { S: event.resources[0] } } }));
       return { ok: true };
     };`,
    { env: { TABLE: table } },
  );
  const rule = uniqueName("hourly");
  const { RuleArn } = await events.send(new PutRuleCommand({ Name: rule, ScheduleExpression: "rate(1 hour)" }));
  await lambda.send(new AddPermissionCommand({ FunctionName: fn.name, StatementId: "events", Action: "lambda:InvokeFunction", Principal: "events.amazonaws.com", SourceArn: RuleArn }));
  await events.send(new PutTargetsCommand({ Rule: rule, Targets: [{ Id: "job", Arn: fn.arn }] }));

  await ctx.clock.advance(3 * 3_600_000);
  await ctx.aws.settle();

  const { Items } = await ddb.send(new ScanCommand({ TableName: table }));
  expect(Items).toHaveLength(3);
  const times = Items!.map((i) => Date.parse(i.scheduledAt!.S!)).sort((a, b) => a - b);
  expect(times[1]! - times[0]!).toBe(3_600_000);
  expect(times[2]! - times[1]!).toBe(3_600_000);
  expect(Items!.every((i) => i.rule!.S === RuleArn)).toBe(true);
});
