/**
 * Scenario (the seed's streaming path): a REST API's `AWS` integration puts each request's body into
 * a Kinesis stream through a VTL template (`kinesis:action/PutRecord`); a Lambda function consumes
 * the stream, and a Firehose delivery stream reading it writes newline-delimited `.json` objects to
 * S3 under `events/!{timestamp:yyyy/MM/dd}/`. After 100 requests and an advance past the buffering
 * interval, the objects hold all 100 records, in order per key, and the function saw every one.
 */
import { APIGatewayClient, CreateDeploymentCommand, CreateResourceCommand, CreateRestApiCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand } from "@aws-sdk/client-api-gateway";
import { CreateDeliveryStreamCommand, FirehoseClient } from "@aws-sdk/client-firehose";
import { CreateStreamCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { CreateEventSourceMappingCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { createFunction } from "./helpers.js";

const ctx = useServer();

it("carries 100 API requests through Kinesis to a Lambda consumer and, by Firehose, to .json objects in S3, in order per key", async () => {
  const apigw = ctx.client(APIGatewayClient);
  const kinesis = ctx.client(KinesisClient);
  const firehose = ctx.client(FirehoseClient);
  const lambda = ctx.client(LambdaClient);
  const s3 = ctx.client(S3Client);
  const StreamName = uniqueName("clicks");
  const streamArn = `arn:aws:kinesis:us-east-1:000000000000:stream/${StreamName}`;
  await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 2 }));

  const Bucket = uniqueName("lake");
  await s3.send(new CreateBucketCommand({ Bucket }));
  const RoleARN = "arn:aws:iam::000000000000:role/firehose";
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: uniqueName("to-lake"),
      DeliveryStreamType: "KinesisStreamAsSource",
      KinesisStreamSourceConfiguration: { KinesisStreamARN: streamArn, RoleARN },
      ExtendedS3DestinationConfiguration: {
        BucketARN: `arn:aws:s3:::${Bucket}`,
        RoleARN,
        Prefix: "events/!{timestamp:yyyy/MM/dd}/",
        ErrorOutputPrefix: "errors/!{firehose:error-output-type}/",
        FileExtension: ".json",
        BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
        ProcessingConfiguration: { Enabled: true, Processors: [{ Type: "AppendDelimiterToRecord", Parameters: [{ ParameterName: "Delimiter", ParameterValue: "\\n" }] }] },
      },
    }),
  );

  const seen = join(mkdtempSync(join(tmpdir(), "rest-kinesis-")), "seen.jsonl");
  const consumer = await createFunction(
    lambda,
    `const fs = require("fs");
     exports.handler = async (event) => {
       for (const r of event.Records) fs.appendFileSync(process.env.OUT, Buffer.from(r.kinesis.data, "base64").toString() + "\\n");
     };`,
    { env: { OUT: seen } },
  );
  await lambda.send(new CreateEventSourceMappingCommand({ EventSourceArn: streamArn, FunctionName: consumer.name, StartingPosition: "TRIM_HORIZON", BatchSize: 25 }));

  const api = await apigw.send(new CreateRestApiCommand({ name: uniqueName("clicks-api") }));
  const ResourceId = (await apigw.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: "clicks" }))).id;
  await apigw.send(new PutMethodCommand({ restApiId: api.id, resourceId: ResourceId, httpMethod: "POST", authorizationType: "NONE" }));
  await apigw.send(
    new PutIntegrationCommand({
      restApiId: api.id,
      resourceId: ResourceId,
      httpMethod: "POST",
      type: "AWS",
      integrationHttpMethod: "POST",
      uri: "arn:aws:apigateway:us-east-1:kinesis:action/PutRecord",
      credentials: "arn:aws:iam::000000000000:role/apigw-kinesis",
      requestTemplates: {
        "application/json": `{"StreamName": "${StreamName}", "Data": "$util.base64Encode($input.body)", "PartitionKey": "$input.path('$.user')"}`,
      },
    }),
  );
  await apigw.send(new PutMethodResponseCommand({ restApiId: api.id, resourceId: ResourceId, httpMethod: "POST", statusCode: "200" }));
  await apigw.send(
    new PutIntegrationResponseCommand({
      restApiId: api.id,
      resourceId: ResourceId,
      httpMethod: "POST",
      statusCode: "200",
      responseTemplates: { "application/json": `{"accepted": true, "shard": "$input.path('$.ShardId')", "sequence": "$input.path('$.SequenceNumber')"}` },
    }),
  );
  await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: "prod" }));

  const users = ["ana", "bo", "cy", "di"];
  for (let i = 0; i < 100; i++) {
    const body = JSON.stringify({ user: users[i % users.length], n: i });
    const res = await fetch(`${ctx.endpoint}/_aws/execute-api/${api.id}/prod/clicks`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { accepted: boolean; shard: string; sequence: string };
    expect(answer.accepted).toBe(true);
    expect(answer.shard).toMatch(/^shardId-00000000000[01]$/);
    expect(answer.sequence).toMatch(/^\d{56}$/);
  }

  await ctx.aws.settle();
  // Firehose reads the stream once a second and flushes after its 300 s interval.
  await ctx.clock.advance(301_000);
  await ctx.aws.settle();

  const keys = (await s3.send(new ListObjectsV2Command({ Bucket, Prefix: "events/" }))).Contents?.map((c) => c.Key!) ?? [];
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10).replaceAll("-", "/");
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) expect(key).toMatch(new RegExp(`^events/${day}/.+\\.json$`));
  const lines: { user: string; n: number }[] = [];
  for (const key of keys) {
    const text = await (await s3.send(new GetObjectCommand({ Bucket, Key: key }))).Body!.transformToString();
    expect(text.endsWith("\n")).toBe(true);
    lines.push(...text.trim().split("\n").map((l) => JSON.parse(l) as { user: string; n: number }));
  }
  expect(lines).toHaveLength(100);
  for (const user of users) {
    const mine = lines.filter((l) => l.user === user).map((l) => l.n);
    expect(mine).toEqual([...mine].sort((a, b) => a - b));
    expect(mine).toHaveLength(25);
  }

  const consumed = existsSync(seen) ? readFileSync(seen, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { user: string; n: number }) : [];
  expect(consumed).toHaveLength(100);
  for (const user of users) {
    const mine = consumed.filter((l) => l.user === user).map((l) => l.n);
    expect(mine).toEqual(Array.from({ length: 25 }, (_, k) => k * users.length + users.indexOf(user)));
  }
});

