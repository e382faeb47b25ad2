/**
 * Invoking a Lambda@Edge association through the FunctionInvoker port (the runtime's invoke) and
 * applying its result. A function error, throttle or timeout → 503; an invalid result → 502.
 */
import type { CachedResponse } from "../cache.js";
import type { DistributionMeta, Origin } from "../distribution.js";
import type { OriginRequest } from "../origins/types.js";
import { errorPage, pageTexts } from "../pages.js";
import type { EdgeState } from "../state.js";
import type { LambdaAssociation, LambdaEventType } from "./associations.js";
import { lambdaEvent } from "./event.js";
import { InvalidLambdaResult, isResponse, requestFrom, responseFrom } from "./result.js";

export interface LambdaContext {
  state: EdgeState;
  meta: DistributionMeta;
  requestId: string;
  clientIp: string;
}

export type RequestOutcome = { request: OriginRequest; origin?: Origin } | { response: CachedResponse; generated: boolean };

async function invoke(c: LambdaContext, a: LambdaAssociation, event: unknown): Promise<Record<string, unknown> | CachedResponse> {
  const arn = a.LambdaFunctionARN;
  const account = /^arn:aws:lambda:[a-z0-9-]+:(\d{12}):/.exec(arn)?.[1] ?? "";
  let payload: Buffer;
  try {
    const invoker = await c.state.env.ports.get("FunctionInvoker");
    const result = await invoker.invoke({ accountId: account, region: "us-east-1" }, arn, JSON.stringify(event), { type: "RequestResponse", source: "cloudfront" });
    if (result.functionError) {
      c.state.env.log.info({ arn, error: result.payload.toString("utf8").slice(0, 500) }, "edge: a Lambda@Edge function failed (503)");
      return errorPage(503, pageTexts.lambdaFailed, c.requestId);
    }
    payload = result.payload;
  } catch (err) {
    // Throttled, missing or not runnable: CloudFront answers 503.
    c.state.env.log.info({ arn, err }, "edge: a Lambda@Edge function could not run (503)");
    return errorPage(503, /Rate|Throttl|TooMany/i.test(String(err)) ? pageTexts.lambdaThrottled : pageTexts.lambdaFailed, c.requestId);
  }
  try {
    const value = JSON.parse(payload.toString("utf8")) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Falls through to the 502.
  }
  return errorPage(502, pageTexts.lambdaInvalid, c.requestId);
}

function isPage(v: Record<string, unknown> | CachedResponse): v is CachedResponse {
  return Buffer.isBuffer((v as CachedResponse).body) && typeof (v as CachedResponse).status === "number";
}

/** viewer-request / origin-request: the request goes on (possibly changed), or the function answers. */
export async function lambdaOnRequest(c: LambdaContext, a: LambdaAssociation, eventType: LambdaEventType, request: OriginRequest, origin?: Origin): Promise<RequestOutcome> {
  const value = await invoke(c, a, lambdaEvent({ meta: c.meta, eventType, requestId: c.requestId, clientIp: c.clientIp, request, includeBody: a.IncludeBody === true, origin }));
  if (isPage(value)) return { response: value, generated: false };
  try {
    if (isResponse(value)) return { response: responseFrom(value, eventType), generated: true };
    return requestFrom(value, eventType, request);
  } catch (err) {
    if (!(err instanceof InvalidLambdaResult)) throw err;
    c.state.env.log.info({ arn: a.LambdaFunctionARN, why: err.message }, "edge: invalid Lambda@Edge result (502)");
    return { response: errorPage(502, pageTexts.lambdaInvalid, c.requestId), generated: false };
  }
}

/** origin-response / viewer-response: the response as the function changed it (or CloudFront's error page). */
export async function lambdaOnResponse(c: LambdaContext, a: LambdaAssociation, eventType: LambdaEventType, request: OriginRequest, response: CachedResponse, origin?: Origin): Promise<{ response: CachedResponse; failed: boolean }> {
  const value = await invoke(c, a, lambdaEvent({ meta: c.meta, eventType, requestId: c.requestId, clientIp: c.clientIp, request, includeBody: false, origin, response }));
  if (isPage(value)) return { response: value, failed: true };
  try {
    return { response: responseFrom(value, eventType, response), failed: false };
  } catch (err) {
    if (!(err instanceof InvalidLambdaResult)) throw err;
    c.state.env.log.info({ arn: a.LambdaFunctionARN, why: err.message }, "edge: invalid Lambda@Edge result (502)");
    return { response: errorPage(502, pageTexts.lambdaInvalid, c.requestId), failed: true };
  }
}
