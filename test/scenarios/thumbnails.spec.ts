/**
 * Scenario: an image uploaded to a bucket triggers a Lambda function (using sharp, bundled in its
 * zip as a user would ship it) that writes a thumbnail to another bucket and the image's name,
 * size and creation date to a DynamoDB table.
 */
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetObjectCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { expect, it } from "vitest";
import { uniqueName, useServer } from "../helpers/index.js";
import { createFunction, packages } from "./helpers.js";

const ctx = useServer();

const HANDLER = `
const sharp = require("sharp");
const { S3Client, GetObjectCommand, PutObjectCommand } = require("@aws-sdk/client-s3");
const { DynamoDBClient, PutItemCommand } = require("@aws-sdk/client-dynamodb");
const s3 = new S3Client({ forcePathStyle: true });
const ddb = new DynamoDBClient({});
exports.handler = async (event) => {
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\\+/g, " "));
    const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = Buffer.from(await original.Body.transformToByteArray());
    const thumbnail = await sharp(bytes).resize({ width: 64 }).png().toBuffer();
    await s3.send(new PutObjectCommand({ Bucket: process.env.THUMBS, Key: "thumb-" + key, Body: thumbnail, ContentType: "image/png" }));
    await ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { name: { S: key }, size: { N: String(record.s3.object.size) }, createdAt: { S: record.eventTime } } }));
  }
};`;

it("makes a thumbnail and records the image when one is uploaded", async () => {
  const s3 = ctx.client(S3Client);
  const ddb = ctx.client(DynamoDBClient);
  const uploads = uniqueName("uploads");
  const thumbs = uniqueName("thumbs");
  const table = uniqueName("images");
  await s3.send(new CreateBucketCommand({ Bucket: uploads }));
  await s3.send(new CreateBucketCommand({ Bucket: thumbs }));
  await ddb.send(new CreateTableCommand({ TableName: table, KeySchema: [{ AttributeName: "name", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "name", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
  const fn = await createFunction(ctx.client(LambdaClient), HANDLER, { files: packages(["sharp"]), env: { THUMBS: thumbs, TABLE: table }, timeout: 30, memory: 512 });
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: uploads,
      NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: fn.arn, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "suffix", Value: ".png" }] } } }] },
    }),
  );

  const image = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 20, g: 120, b: 200 } } }).png().toBuffer();
  await s3.send(new PutObjectCommand({ Bucket: uploads, Key: "holiday photo.png", Body: image, ContentType: "image/png" }));
  await s3.send(new PutObjectCommand({ Bucket: uploads, Key: "notes.txt", Body: "not an image" }));
  await ctx.aws.settle();

  const thumb = await s3.send(new GetObjectCommand({ Bucket: thumbs, Key: "thumb-holiday photo.png" }));
  const meta = await sharp(Buffer.from(await thumb.Body!.transformToByteArray())).metadata();
  expect({ width: meta.width, height: meta.height, format: meta.format }).toEqual({ width: 64, height: 48, format: "png" });
  const { Item } = await ddb.send(new GetItemCommand({ TableName: table, Key: { name: { S: "holiday photo.png" } } }));
  expect(Item?.size?.N).toBe(String(image.length));
  expect(Item?.createdAt?.S).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  const txt = await ddb.send(new GetItemCommand({ TableName: table, Key: { name: { S: "notes.txt" } } }));
  expect(txt.Item).toBeUndefined();
}, 60_000);
