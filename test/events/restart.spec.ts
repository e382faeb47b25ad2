import { CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from "@aws-sdk/client-dynamodb-streams";
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { CreateScheduleCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { SQSClient } from "@aws-sdk/client-sqs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";
import { drain, queue } from "./helpers.js";

function client<T>(Ctor: new (config: Record<string, unknown>) => T, aws: LocalAws): T {
  return new Ctor({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });
}

it("keeps scheduled rules, schedules, stream records and TTL sweeps across a restart", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "la-events-restart-"));
  const start = (): Promise<LocalAws> => startLocalAws({ port: 0, dataDir, virtualClock: true, logLevel: "silent" });
  let aws = await start();
  const q = await queue(client(SQSClient, aws));
  await client(EventBridgeClient, aws).send(new PutRuleCommand({ Name: "hourly", ScheduleExpression: "rate(1 hour)" }));
  await client(EventBridgeClient, aws).send(new PutTargetsCommand({ Rule: "hourly", Targets: [{ Id: "q", Arn: q.arn, Input: '"rule"' }] }));
  await client(SchedulerClient, aws).send(
    new CreateScheduleCommand({ Name: "every-2h", ScheduleExpression: "rate(2 hours)", FlexibleTimeWindow: { Mode: "OFF" }, Target: { Arn: q.arn, RoleArn: "arn:aws:iam::000000000000:role/s", Input: '"schedule"' } }),
  );
  const ddb = client(DynamoDBClient, aws);
  const { TableDescription } = await ddb.send(
    new CreateTableCommand({
      TableName: "sessions",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" },
    }),
  );
  await ddb.send(new UpdateTimeToLiveCommand({ TableName: "sessions", TimeToLiveSpecification: { Enabled: true, AttributeName: "exp" } }));
  const now = Math.floor(aws.clock.now().getTime() / 1000);
  await ddb.send(new PutItemCommand({ TableName: "sessions", Item: { id: { S: "short" }, exp: { N: String(now + 1800) } } }));
  await ddb.send(new PutItemCommand({ TableName: "sessions", Item: { id: { S: "long" }, exp: { N: String(now + 10 * 3600) } } }));
  await aws.stop();

  aws = await start();
  try {
    // The restarted virtual clock starts at the real time again; moving it two hours is past every due time.
    await aws.clock.advance(2 * 3_600_000 + 60_000);
    await aws.settle();
    const bodies = (await drain(client(SQSClient, aws), q.url)).map((m) => JSON.parse(m.Body!) as string);
    expect(bodies.filter((b) => b === "rule").length).toBeGreaterThanOrEqual(2);
    expect(bodies.filter((b) => b === "schedule").length).toBeGreaterThanOrEqual(1);
    const { Items } = await client(DynamoDBClient, aws).send(new ScanCommand({ TableName: "sessions" }));
    expect(Items!.map((i) => i.id!.S)).toEqual(["long"]);
    const streams = client(DynamoDBStreamsClient, aws);
    const streamArn = TableDescription!.LatestStreamArn!;
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: StreamDescription!.Shards![0]!.ShardId!, ShardIteratorType: "TRIM_HORIZON" }));
    const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator }));
    expect(Records!.map((r) => `${r.eventName} ${r.dynamodb!.Keys!.id!.S}`)).toEqual(["INSERT short", "INSERT long", "REMOVE short"]);
  } finally {
    await aws.stop();
  }
});
