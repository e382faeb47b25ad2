// The orders table with a stream, the topic, a queue subscribed to it, and the stream trigger.
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateEventSourceMappingCommand, LambdaClient, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { clientConfig, idempotent, runIfMain } from "../clients.mjs";

export async function setup(endpoint) {
  const config = clientConfig(endpoint);
  const ddb = new DynamoDBClient(config);
  await idempotent(
    ddb.send(
      new CreateTableCommand({
        TableName: "orders",
        KeySchema: [{ AttributeName: "orderId", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "orderId", AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      }),
    ),
  );
  const streamArn = (await ddb.send(new DescribeTableCommand({ TableName: "orders" }))).Table.LatestStreamArn;
  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "order-changes" }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "order-changes-audit" }));
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }))).Attributes.QueueArn;
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn, Attributes: { RawMessageDelivery: "true" } }));
  const lambda = new LambdaClient(config);
  const existing = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: "publish-order-changes" }));
  if (!existing.EventSourceMappings?.some((m) => m.EventSourceArn === streamArn)) {
    await lambda.send(new CreateEventSourceMappingCommand({ EventSourceArn: streamArn, FunctionName: "publish-order-changes", StartingPosition: "TRIM_HORIZON", BatchSize: 10 }));
  }
  return { streamArn, TopicArn, QueueUrl };
}

await runIfMain(import.meta.url, () => setup());
