// On each upload: a 128-pixel-wide thumbnail to the thumbnails bucket, and the image's name, size and date to DynamoDB.
// sharp is a native package: `npm install sharp` next to this file (or in a parent directory).
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Buffer } from "node:buffer";
import process from "node:process";
import sharp from "sharp";

const s3 = new S3Client({ forcePathStyle: true });
const ddb = new DynamoDBClient({});

export const handler = async (event) => {
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, " "));
    const original = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const thumbnail = await sharp(Buffer.from(await original.Body.transformToByteArray())).resize({ width: 128 }).toBuffer();
    await s3.send(new PutObjectCommand({ Bucket: process.env.THUMBS_BUCKET, Key: key, Body: thumbnail, ContentType: original.ContentType }));
    await ddb.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { name: { S: key }, size: { N: String(record.s3.object.size) }, createdAt: { S: record.eventTime } } }));
  }
};
