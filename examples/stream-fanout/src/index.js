// Triggered by the orders table's stream: publishes each change to SNS.
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import process from "node:process";

const sns = new SNSClient({});

export const handler = async (event) => {
  for (const record of event.Records) {
    const image = record.dynamodb.NewImage ?? record.dynamodb.OldImage;
    await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify({ change: record.eventName, orderId: image.orderId.S, status: image.status?.S }) }));
  }
};
