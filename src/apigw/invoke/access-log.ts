/**
 * Stage access logs: one line per request, in the stage's format with its `$context` variables,
 * written to the CloudWatch Logs group its destination ARN names (through the LogSink port).
 */
import type { RequestContext } from "../../core/context.js";
import type { Scope } from "../../core/events.js";
import type { HttpResponse } from "../../core/service.js";
import { requestTime, type Invocation } from "./common.js";

export interface AccessLogSettings {
  destinationArn?: string;
  format?: string;
}

function responseLength(response: HttpResponse): number {
  const body = response.body;
  return typeof body === "string" ? Buffer.byteLength(body) : Buffer.isBuffer(body) ? body.length : 0;
}

export function writeAccessLog(ctx: RequestContext, scope: Scope, settings: AccessLogSettings | undefined, inv: Invocation, apiId: string, stage: string, response: HttpResponse): void {
  if (!settings?.destinationArn || !settings.format) return;
  const group = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(?::\*)?$/.exec(settings.destinationArn)?.[1];
  if (!group) return;
  const values: Record<string, string | number | undefined> = {
    requestId: inv.requestId,
    apiId,
    stage,
    httpMethod: inv.method,
    path: inv.stageInPath ? `/${stage}${inv.path}` : inv.path,
    resourcePath: inv.matched,
    routeKey: inv.matched,
    protocol: "HTTP/1.1",
    status: response.status,
    responseLength: responseLength(response),
    requestTime: requestTime(inv.now),
    requestTimeEpoch: inv.now,
    domainName: inv.host,
    "identity.sourceIp": inv.sourceIp,
    "identity.userAgent": inv.headers["user-agent"],
    "error.message": response.status >= 400 ? messageOf(response) : undefined,
  };
  const line = settings.format.replace(/\$context\.([A-Za-z0-9_.]+)/g, (_m, name: string) => {
    const v = values[name];
    return v === undefined || v === "" ? "-" : String(v);
  });
  void ctx.bus.track(
    ctx.ports
      .get("LogSink")
      .then((sink) => {
        sink.ensureGroup(scope, group);
        sink.put(scope, group, `${apiId}-${stage}`, [{ timestamp: inv.now, message: line }]);
      })
      .catch((err: unknown) => ctx.log.warn({ err, group }, "API Gateway access log not written")),
  );
}

function messageOf(response: HttpResponse): string | undefined {
  try {
    const parsed = JSON.parse(typeof response.body === "string" ? response.body : Buffer.isBuffer(response.body) ? response.body.toString("utf8") : "") as { message?: unknown; Message?: unknown };
    const m = parsed.message ?? parsed.Message;
    return typeof m === "string" ? m : undefined;
  } catch {
    return undefined;
  }
}
