/**
 * Lambda through the FunctionInvoker port: `lambda:invoke` (AWS's result envelope, Payload parsed
 * when it is JSON) and bare function ARNs (the payload itself). A function error fails the task
 * with Error = the errorType (`Lambda.Unknown` without one) and Cause = the error payload.
 */
import { randomUUID } from "node:crypto";
import type { FunctionInvoker } from "../../core/ports.js";
import { isObject, type Json } from "../asl/json.js";
import { StatesError } from "../asl/states-error.js";
import type { ExecutionInfo } from "../engine/run.js";
import { sdkMetadata, serviceFailure } from "./errors.js";

function parsePayload(payload: Buffer): Json {
  const text = payload.toString("utf8");
  if (text === "") return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function functionFailure(payload: Buffer): StatesError {
  const text = payload.toString("utf8");
  let errorType = "Lambda.Unknown";
  try {
    const parsed = JSON.parse(text) as unknown;
    if (isObject(parsed as Json) && typeof (parsed as { errorType?: unknown }).errorType === "string") errorType = (parsed as { errorType: string }).errorType;
  } catch {
    // not JSON: the cause is the raw text
  }
  return new StatesError(errorType, text);
}

export async function invokeFunction(invoker: FunctionInvoker, info: ExecutionInfo, functionArn: string, input: Json): Promise<Json> {
  const scope = { accountId: info.accountId, region: info.region };
  let result;
  try {
    result = await invoker.invoke(scope, functionArn, JSON.stringify(input), { type: "RequestResponse", source: "states" });
  } catch (err) {
    throw serviceFailure("Lambda", "AWSLambda", err, randomUUID());
  }
  if (result.functionError) throw functionFailure(result.payload);
  return parsePayload(result.payload);
}

export async function lambdaInvoke(invoker: FunctionInvoker, info: ExecutionInfo, params: Json): Promise<Json> {
  if (!isObject(params) || typeof params.FunctionName !== "string")
    throw new StatesError("States.Runtime", "The field 'FunctionName' is required for the lambda:invoke integration");
  const scope = { accountId: info.accountId, region: info.region };
  const payload = params.Payload === undefined ? "{}" : typeof params.Payload === "string" ? params.Payload : JSON.stringify(params.Payload);
  const type = params.InvocationType === "Event" ? "Event" : "RequestResponse";
  let result;
  try {
    result = await invoker.invoke(scope, params.FunctionName, payload, {
      type,
      qualifier: typeof params.Qualifier === "string" ? params.Qualifier : undefined,
      source: "states",
    });
  } catch (err) {
    throw serviceFailure("Lambda", "AWSLambda", err, randomUUID());
  }
  if (result.functionError) throw functionFailure(result.payload);
  const envelope: Record<string, Json> = {
    ExecutedVersion: result.executedVersion ?? "$LATEST",
    Payload: parsePayload(result.payload),
    ...(sdkMetadata(result.requestId, result.statusCode) as Record<string, Json>),
    StatusCode: result.statusCode,
  };
  if (type === "Event") delete envelope.Payload;
  return envelope;
}
