import type { RawRequest } from "./types.js";

/** A DynamoDB request as the SDK sends it (unsigned signature: no bench target verifies it). */
export function dynamoRequest(operation: string, body: unknown): RawRequest {
  return {
    method: "POST",
    path: "/",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDB_20120810.${operation}`,
      "x-amz-date": "20261126T000000Z",
      authorization: "AWS4-HMAC-SHA256 Credential=S3RVER/20261126/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0",
    },
    body: JSON.stringify(body),
  };
}
