/**
 * Scenario: a table's stream triggers a Lambda function that publishes each change to an SNS
 * topic, which fans out to an SQS queue; the changes of each key arrive in the order they were made.
 */
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateEventSourceMappingCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { drain, queue } from "../events/helpers.js";
import { createFunction } from "./helpers.js";

const ctx = useServer();

it("fans a table's changes out through Lambda and SNS to SQS, in order per key", async () => {
  const ddb = ctx.client(DynamoDBClient);
  const lambda = ctx.client(LambdaClient);
  const sns = ctx.client(SNSClient);
  const sqs = ctx.client(SQSClient);
  const table = uniqueName("orders");
  const { TableDescription } = await ddb.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [{ AttributeName: "orderId", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "orderId", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    }),
  );
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName("order-changes") }));
  const q = await queue(sqs);
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: q.arn, Attributes: { RawMessageDelivery: "true" } }));
  const fn = await createFunction(
    lambda,
    `const { SNSClient, PublishCommand } = require("@aws-sdk/client-sns");
     const sns = new SNSClient({});
     exports.handler = async (event) => {
       for (const r of event.Records) {
         const image = r.dynamodb.NewImage ?? r.dynamodb.OldImage;
         await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: JSON.stringify({ change: r.eventName, orderId: image.orderId.S, status: image.status?.S }) }));
       }
     };`,
    { env: { TOPIC: TopicArn! } },
  );
  await lambda.send(new CreateEventSourceMappingCommand({ EventSourceArn: TableDescription!.LatestStreamArn, FunctionName: fn.name, StartingPosition: "TRIM_HORIZON", BatchSize: 4 }));

  const steps = ["placed", "paid", "shipped", "delivered"];
  for (const status of steps) {
    for (const orderId of ["o-1", "o-2", "o-3"]) await ddb.send(new PutItemCommand({ TableName: table, Item: { orderId: { S: orderId }, status: { S: status } } }));
  }
  await ctx.aws.settle();

  const messages = (await drain(sqs, q.url)).map((m) => JSON.parse(m.Body!) as { change: string; orderId: string; status: string });
  expect(messages).toHaveLength(12);
  for (const orderId of ["o-1", "o-2", "o-3"]) {
    const mine = messages.filter((m) => m.orderId === orderId);
    expect(mine.map((m) => m.status)).toEqual(steps);
    expect(mine.map((m) => m.change)).toEqual(["INSERT", "MODIFY", "MODIFY", "MODIFY"]);
  }
});
