// The uploads and thumbnails buckets, the images table, and the upload notification to `make-thumbnail`.
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, S3Client } from "@aws-sdk/client-s3";
import { clientConfig, idempotent, runIfMain } from "../clients.mjs";

export async function setup(endpoint) {
  const config = clientConfig(endpoint);
  const s3 = new S3Client(config);
  for (const Bucket of ["uploads", "thumbnails"]) await idempotent(s3.send(new CreateBucketCommand({ Bucket })));
  await idempotent(
    new DynamoDBClient(config).send(
      new CreateTableCommand({ TableName: "images", KeySchema: [{ AttributeName: "name", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "name", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }),
    ),
  );
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: "uploads",
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          { LambdaFunctionArn: `arn:aws:lambda:${config.region}:000000000000:function:make-thumbnail`, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "suffix", Value: ".png" }] } } },
        ],
      },
    }),
  );
  return { uploads: "uploads", thumbnails: "thumbnails", table: "images" };
}

await runIfMain(import.meta.url, () => setup());
