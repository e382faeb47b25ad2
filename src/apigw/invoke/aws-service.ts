/**
 * AWS service integrations. Lambda is invoked through the FunctionInvoker port; any other service
 * (SQS, SNS, DynamoDB, ...) is called over HTTP on this server, as API Gateway calls the service's
 * endpoint: `<service>:path/<path>` as a request to that path, `<service>:action/<Action>` as a
 * JSON-protocol call (`X-Amz-Target`) for DynamoDB or a Query-protocol call for the others.
 */
import type { RequestContext } from "../../core/context.js";
import type { Scope } from "../../core/events.js";
import type { Integration } from "../rest/model.js";
import { functionOf, invokeLambda } from "./lambda.js";
import type { BackendAnswer } from "./nonproxy.js";
import { gatewayOf } from "../context.js";

const JSON_TARGETS: Record<string, string> = { dynamodb: "DynamoDB_20120810", states: "AWSStepFunctions", events: "AWSEvents", kinesis: "Kinesis_20131202", logs: "Logs_20140328" };

export async function callAwsService(
  ctx: RequestContext,
  scope: Scope,
  integration: Integration,
  body: string,
  headers: Record<string, string>,
  contentType: string | undefined,
): Promise<BackendAnswer | "timeout" | undefined> {
  const uri = integration.uri ?? "";
  const fn = functionOf(uri);
  if (fn) {
    const outcome = await invokeLambda(ctx, scope, fn, body || "{}", integration.timeoutInMillis);
    if (outcome.kind === "timeout") return "timeout";
    if (outcome.kind === "failed") return undefined;
    const payload = outcome.result.payload.toString("utf8");
    if (!outcome.result.functionError) return { status: 200, headers: {}, body: payload };
    let errorMessage = payload;
    try {
      errorMessage = String((JSON.parse(payload) as { errorMessage?: unknown }).errorMessage ?? payload);
    } catch {
      // The raw payload is matched as it is.
    }
    return { status: 200, headers: {}, body: payload, errorMessage };
  }
  const m = /^arn:[^:]+:apigateway:([^:]*):([^:]+):(path|action)\/(.*)$/.exec(uri);
  if (!m) return undefined;
  const [, region, service, style, rest] = m as unknown as [string, string, string, string, string];
  const signingRegion = region || scope.region;
  const out: Record<string, string> = {
    authorization: `AWS4-HMAC-SHA256 Credential=${scope.accountId}/20250101/${signingRegion}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    accept: "application/json",
    ...headers,
  };
  let url = gatewayOf(ctx).data.endpoint();
  if (style === "path") {
    url += `/${rest.replace(/^\//, "")}`;
    out["content-type"] ??= contentType ?? "application/json";
  } else if (JSON_TARGETS[service]) {
    out["x-amz-target"] = `${JSON_TARGETS[service]}.${rest}`;
    out["content-type"] = "application/x-amz-json-1.0";
  } else {
    url += `/?Action=${encodeURIComponent(rest)}`;
    out["content-type"] ??= "application/x-www-form-urlencoded";
  }
  const abort = new AbortController();
  const timeout = ctx.clock.sleepUntil(ctx.clock.now() + integration.timeoutInMillis, abort.signal).then(() => "timeout" as const);
  try {
    const call = fetch(url, { method: integration.httpMethod ?? "POST", headers: out, body: body || undefined, signal: abort.signal }).then(async (res): Promise<BackendAnswer> => {
      const resHeaders: Record<string, string> = {};
      res.headers.forEach((v, k) => (resHeaders[k] = v));
      return { status: res.status, headers: resHeaders, body: await res.text() };
    });
    return await Promise.race([call, timeout]);
  } catch {
    return undefined;
  } finally {
    abort.abort();
  }
}
