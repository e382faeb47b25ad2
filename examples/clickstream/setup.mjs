// The clicks stream, a REST API whose POST /clicks puts the body into it (an `AWS` integration with a
// VTL template), the stream trigger of `count-clicks`, and a Firehose delivery stream that writes
// the clicks as newline-delimited .json objects to the `clicks-lake` bucket.
import { APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, GetRestApisCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand } from "@aws-sdk/client-api-gateway";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateDeliveryStreamCommand, FirehoseClient } from "@aws-sdk/client-firehose";
import { CreateStreamCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { CreateEventSourceMappingCommand, LambdaClient, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { clientConfig, idempotent, runIfMain } from "../clients.mjs";

export async function setup(endpoint) {
  const config = clientConfig(endpoint);
  const account = "000000000000";
  const streamArn = `arn:aws:kinesis:${config.region}:${account}:stream/clicks`;
  await idempotent(new KinesisClient(config).send(new CreateStreamCommand({ StreamName: "clicks", ShardCount: 2 })));
  await idempotent(
    new DynamoDBClient(config).send(
      new CreateTableCommand({ TableName: "click-counts", KeySchema: [{ AttributeName: "user", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "user", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }),
    ),
  );
  await idempotent(new S3Client(config).send(new CreateBucketCommand({ Bucket: "clicks-lake" })));
  const role = `arn:aws:iam::${account}:role/clickstream`;
  await idempotent(
    new FirehoseClient(config).send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: "clicks-to-lake",
        DeliveryStreamType: "KinesisStreamAsSource",
        KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN: role },
        ExtendedS3DestinationConfiguration: {
          BucketARN: "arn:aws:s3:::clicks-lake",
          RoleARN: role,
          Prefix: "events/!{timestamp:yyyy/MM/dd}/",
          ErrorOutputPrefix: "errors/!{firehose:error-output-type}/",
          FileExtension: ".json",
          BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 60 },
          ProcessingConfiguration: { Enabled: true, Processors: [{ Type: "AppendDelimiterToRecord", Parameters: [{ ParameterName: "Delimiter", ParameterValue: "\\n" }] }] },
        },
      }),
    ),
  );
  const lambda = new LambdaClient(config);
  const mappings = await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: "count-clicks" }));
  if (!mappings.EventSourceMappings?.some((m) => m.EventSourceArn === streamArn)) {
    await lambda.send(new CreateEventSourceMappingCommand({ EventSourceArn: streamArn, FunctionName: "count-clicks", StartingPosition: "TRIM_HORIZON", BatchSize: 100 }));
  }
  const apigw = new APIGatewayClient(config);
  const existing = (await apigw.send(new GetRestApisCommand({}))).items?.find((a) => a.name === "clicks-api");
  const apiId = existing?.id ?? (await createApi(apigw));
  return { url: `${config.endpoint}/_aws/execute-api/${apiId}/prod`, streamArn };
}

async function createApi(apigw) {
  const api = await apigw.send(new CreateRestApiCommand({ name: "clicks-api" }));
  const resourceId = (await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: "clicks" }))).id;
  const method = { restApiId: api.id, resourceId, httpMethod: "POST" };
  await apigw.send(new PutMethodCommand({ ...method, authorizationType: "NONE" }));
  await apigw.send(
    new PutIntegrationCommand({
      ...method,
      type: "AWS",
      integrationHttpMethod: "POST",
      uri: "arn:aws:apigateway:us-east-1:kinesis:action/PutRecord",
      credentials: "arn:aws:iam::000000000000:role/clickstream",
      // The click's user is the partition key: one user's clicks stay in order.
      requestTemplates: { "application/json": `{"StreamName": "clicks", "Data": "$util.base64Encode($input.body)", "PartitionKey": "$input.path('$.user')"}` },
    }),
  );
  await apigw.send(new PutMethodResponseCommand({ ...method, statusCode: "200" }));
  await apigw.send(new PutIntegrationResponseCommand({ ...method, statusCode: "200", responseTemplates: { "application/json": `{"accepted": true, "sequence": "$input.path('$.SequenceNumber')"}` } }));
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "prod" }));
  return api.id;
}

await runIfMain(import.meta.url, () => setup());
