// Runs every hour (EventBridge scheduled rule) and records the run in DynamoDB.
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import process from "node:process";

const ddb = new DynamoDBClient({});

export const handler = async (event) => {
  // event: { "detail-type": "Scheduled Event", source: "aws.events", time, resources: [ruleArn], ... }
  await ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { runId: { S: event.id }, scheduledAt: { S: event.time } } }));
  return { recorded: event.time };
};
