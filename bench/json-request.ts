import { benchCredentials, type RawRequest } from "./types.js";

/**
 * An awsJson request as the SDK sends it (unsigned signature: no bench target verifies it), e.g.
 * `awsJsonRequest("1.0", "DynamoDB_20120810", "dynamodb", "GetItem", {...})`.
 */
export function awsJsonRequest(version: "1.0" | "1.1", targetPrefix: string, service: string, operation: string, body: unknown): RawRequest {
  return {
    method: "POST",
    path: "/",
    headers: {
      "content-type": `application/x-amz-json-${version}`,
      "x-amz-target": `${targetPrefix}.${operation}`,
      "x-amz-date": "20261126T000000Z",
      authorization: `AWS4-HMAC-SHA256 Credential=${benchCredentials.accessKeyId}/20261126/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
    },
    body: JSON.stringify(body),
  };
}

/** A DynamoDB request as the SDK sends it. */
export function dynamoRequest(operation: string, body: unknown): RawRequest {
  return awsJsonRequest("1.0", "DynamoDB_20120810", "dynamodb", operation, body);
}
