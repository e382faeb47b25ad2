// Triggered by the clicks stream: counts each user's clicks in DynamoDB.
import { DynamoDBClient, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { Buffer } from "node:buffer";
import process from "node:process";

const ddb = new DynamoDBClient({});

export const handler = async (event) => {
  const perUser = new Map();
  for (const record of event.Records) {
    const click = JSON.parse(Buffer.from(record.kinesis.data, "base64").toString("utf8"));
    perUser.set(click.user, (perUser.get(click.user) ?? 0) + 1);
  }
  for (const [user, n] of perUser) {
    await ddb.send(new UpdateItemCommand({ TableName: process.env.TABLE, Key: { user: { S: user } }, UpdateExpression: "ADD clicks :n", ExpressionAttributeValues: { ":n": { N: String(n) } } }));
  }
};
