// The sessions table (stream + TTL on `expiresAt`), a queue, and a trigger for expired sessions only.
import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { CreateEventSourceMappingCommand, LambdaClient, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { clientConfig, idempotent, runIfMain } from "../clients.mjs";

export async function setup(endpoint) {
  const config = clientConfig(endpoint);
  const ddb = new DynamoDBClient(config);
  await idempotent(
    ddb.send(
      new CreateTableCommand({
        TableName: "sessions",
        KeySchema: [{ AttributeName: "sessionId", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "sessionId", AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
        StreamSpecification: { StreamEnabled: true, StreamViewType: "OLD_IMAGE" },
      }),
    ),
  );
  const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: "sessions" }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== "ENABLED") {
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: "sessions", TimeToLiveSpecification: { Enabled: true, AttributeName: "expiresAt" } }));
  }
  const { QueueUrl } = await new SQSClient(config).send(new CreateQueueCommand({ QueueName: "expired-sessions" }));
  const streamArn = (await ddb.send(new DescribeTableCommand({ TableName: "sessions" }))).Table.LatestStreamArn;
  const lambda = new LambdaClient(config);
  const existing = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: "on-session-expired" }));
  if (!existing.EventSourceMappings?.some((m) => m.EventSourceArn === streamArn)) {
    await lambda.send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: streamArn,
        FunctionName: "on-session-expired",
        StartingPosition: "LATEST",
        // Only deletions made by the TTL sweeper, not by users.
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ["REMOVE"], userIdentity: { type: ["Service"], principalId: ["dynamodb.amazonaws.com"] } }) }] },
      }),
    );
  }
  return { streamArn, QueueUrl };
}

await runIfMain(import.meta.url, () => setup());
