// Lambda@Edge, origin-response: when S3 has no `/_w<width>/<format>/<key>` yet (403 behind origin
// access control), resize the original `<key>`, store the result for next time and answer it.
// Lambda@Edge has no environment variables: the bucket is named here.
// sharp is a native package: `npm install sharp` next to this file (or in a parent directory).
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Buffer } from "node:buffer";
import sharp from "sharp";

const BUCKET = "edge-images";
const s3 = new S3Client({ forcePathStyle: true, region: "us-east-1" });

export const handler = async (event) => {
  const { request, response } = event.Records[0].cf;
  const m = /^\/_w(\d+)\/(webp|jpeg|png)\/(.+)$/.exec(request.uri);
  if (!m || (response.status !== "403" && response.status !== "404")) return response;
  const [, width, format, key] = m;
  let original;
  try {
    original = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: decodeURIComponent(key) }));
  } catch {
    return response;
  }
  const resized = await sharp(Buffer.from(await original.Body.transformToByteArray())).resize({ width: Number(width) }).toFormat(format).toBuffer();
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: request.uri.slice(1), Body: resized, ContentType: `image/${format}`, CacheControl: "max-age=31536000" }));
  return {
    status: "200",
    statusDescription: "OK",
    headers: {
      "content-type": [{ key: "Content-Type", value: `image/${format}` }],
      "cache-control": [{ key: "Cache-Control", value: "max-age=31536000" }],
    },
    bodyEncoding: "base64",
    body: resized.toString("base64"),
  };
};
