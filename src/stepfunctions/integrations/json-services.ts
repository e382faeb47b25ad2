/**
 * Integrations with local services that speak AWS JSON (DynamoDB, EventBridge, SQS, Step
 * Functions, Logs, Kinesis, Firehose): the request goes to this server's own endpoint as an SDK
 * would send it, so no service's files are imported and the owner's validation and errors apply.
 * Used by the optimised `dynamodb:*` and `events:putEvents` and by `aws-sdk:<service>:<action>`.
 */
import { randomUUID } from "node:crypto";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { StatesError } from "../asl/states-error.js";
import type { ExecutionInfo } from "../engine/run.js";

interface JsonService {
  target: string;
  version: "1.0" | "1.1";
  signingName: string;
  /** The error prefix of the aws-sdk form (`DynamoDb.`); optimised integrations have their own. */
  sdkPrefix: string;
  serviceName: string;
}

export const JSON_SERVICES: Record<string, JsonService> = {
  dynamodb: { target: "DynamoDB_20120810", version: "1.0", signingName: "dynamodb", sdkPrefix: "DynamoDb", serviceName: "DynamoDb" },
  eventbridge: { target: "AWSEvents", version: "1.1", signingName: "events", sdkPrefix: "EventBridge", serviceName: "EventBridge" },
  sqs: { target: "AmazonSQS", version: "1.0", signingName: "sqs", sdkPrefix: "Sqs", serviceName: "Sqs" },
  sfn: { target: "AWSStepFunctions", version: "1.0", signingName: "states", sdkPrefix: "Sfn", serviceName: "Sfn" },
  cloudwatchlogs: { target: "Logs_20140328", version: "1.1", signingName: "logs", sdkPrefix: "CloudWatchLogs", serviceName: "CloudWatchLogs" },
  kinesis: { target: "Kinesis_20131202", version: "1.1", signingName: "kinesis", sdkPrefix: "Kinesis", serviceName: "Kinesis" },
  firehose: { target: "Firehose_20150804", version: "1.1", signingName: "firehose", sdkPrefix: "Firehose", serviceName: "Firehose" },
};

export interface JsonCall {
  service: string;
  action: string;
  params: Json;
  /** Error prefix to use instead of the service's aws-sdk one. */
  errorPrefix?: string;
}

export async function callJsonService(endpoint: string, info: ExecutionInfo, call: JsonCall): Promise<JsonObject> {
  const service = JSON_SERVICES[call.service];
  if (!service) throw new StatesError("States.Runtime", `The service ${call.service} is not supported by local-aws's aws-sdk integration`);
  const operation = call.action[0]!.toUpperCase() + call.action.slice(1);
  const prefix = call.errorPrefix ?? service.sdkPrefix;
  const requestId = randomUUID();
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": `application/x-amz-json-${service.version}`,
        "x-amz-target": `${service.target}.${operation}`,
        authorization: `AWS4-HMAC-SHA256 Credential=${info.accountId}/20000101/${info.region}/${service.signingName}/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: JSON.stringify(isObject(call.params) ? call.params : {}),
    });
  } catch (err) {
    throw new StatesError(`${prefix}.SdkClientException`, (err as Error).message);
  }
  const text = await response.text();
  let body: JsonObject = {};
  try {
    const parsed = text ? (JSON.parse(text) as Json) : {};
    if (isObject(parsed)) body = parsed;
  } catch {
    // an empty or non-JSON body reads as {}
  }
  if (response.status >= 400) {
    const code = String(body.__type ?? "UnknownError").split("#").pop()!;
    const message = String(body.message ?? body.Message ?? "");
    throw new StatesError(
      `${prefix}.${code}`,
      `${message} (Service: ${service.serviceName}; Status Code: ${response.status}; Error Code: ${code}; Request ID: ${response.headers.get("x-amzn-requestid") ?? requestId}; Proxy: null)`,
    );
  }
  return body;
}
