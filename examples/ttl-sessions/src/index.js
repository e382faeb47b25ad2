// Told about sessions the TTL sweeper deleted (REMOVE records whose userIdentity is the DynamoDB service).
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import process from "node:process";

const sqs = new SQSClient({});
let queueUrl;

export const handler = async (event) => {
  queueUrl ??= (await sqs.send(new GetQueueUrlCommand({ QueueName: process.env.QUEUE_NAME }))).QueueUrl;
  for (const record of event.Records) {
    // record.userIdentity: { type: "Service", principalId: "dynamodb.amazonaws.com" }
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ sessionId: record.dynamodb.Keys.sessionId.S, user: record.dynamodb.OldImage.user.S, by: record.userIdentity }) }));
  }
};
