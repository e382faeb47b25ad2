/**
 * Scenario: session items carry an expiry (TTL); they disappear after the sweep, and the table's
 * stream shows the deletions as REMOVEs made by the DynamoDB service — through the Streams API and
 * in the events a Lambda function receives.
 */
import { CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from "@aws-sdk/client-dynamodb-streams";
import { CreateEventSourceMappingCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { drain, queue } from "../events/helpers.js";
import { createFunction } from "./helpers.js";

const ctx = useServer();

it("expires sessions and streams the service's REMOVEs", async () => {
  const ddb = ctx.client(DynamoDBClient);
  const lambda = ctx.client(LambdaClient);
  const sqs = ctx.client(SQSClient);
  const table = uniqueName("sessions");
  const { TableDescription } = await ddb.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: "sessionId", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "sessionId", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "OLD_IMAGE" },
    }),
  );
  const streamArn = TableDescription!.LatestStreamArn!;
  await ddb.send(new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" } }));
  // The function forwards what it is told about expired sessions to a queue.
  const expired = await queue(sqs);
  const fn = await createFunction(
    lambda,
    `const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
     const sqs = new SQSClient({});
     exports.handler = async (event) => {
       for (const r of event.Records) await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE, MessageBody: JSON.stringify({ user: r.dynamodb.OldImage.user.S, userIdentity: r.userIdentity }) }));
     };`,
    { env: { QUEUE: expired.url } },
  );
  await lambda.send(
    new CreateEventSourceMappingCommand({ EventSourceArn: streamArn, FunctionName: fn.name, StartingPosition: "TRIM_HORIZON", FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ["REMOVE"] }) }] } }),
  );

  const now = Math.floor(ctx.clock.now().getTime() / 1000);
  const session = (id: string, user: string, ttl: number): Promise<unknown> =>
    ddb.send(new PutItemCommand({ TableName: table, Item: { sessionId: { S: id }, user: { S: user }, expiresAt: { N: String(ttl) } } }));
  await session("s-1", "ana", now + 600);
  await session("s-2", "bo", now + 7200);
  await session("s-3", "cy", now + 600);

  await ctx.clock.advance(11 * 60_000);
  await ctx.aws.settle();
  const { Items } = await ddb.send(new ScanCommand({ TableName: table }));
  expect(Items!.map((i) => i.sessionId!.S)).toEqual(["s-2"]);

  const streams = ctx.client(DynamoDBStreamsClient);
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: StreamDescription!.Shards![0]!.ShardId!, ShardIteratorType: "TRIM_HORIZON" }));
  const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
  const removes = Records!.filter((r) => r.eventName === "REMOVE");
  expect(removes.map((r) => r.dynamodb!.Keys!.sessionId!.S).sort()).toEqual(["s-1", "s-3"]);
  for (const r of removes) expect(r.userIdentity).toEqual({ Type: "Service", PrincipalId: "dynamodb.amazonaws.com" });

  const told = (await drain(sqs, expired.url)).map((m) => JSON.parse(m.Body!) as { user: string; userIdentity: unknown });
  expect(told.map((t) => t.user).sort()).toEqual(["ana", "cy"]);
  for (const t of told) expect(t.userIdentity).toEqual({ type: "Service", principalId: "dynamodb.amazonaws.com" });
});
