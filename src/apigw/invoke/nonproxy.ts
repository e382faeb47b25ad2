/**
 * Non-proxy integrations (AWS, HTTP, MOCK): the request mapping template shapes what the backend
 * gets, the backend answers, an integration response is selected (by status code, or by a Lambda
 * function's errorMessage) and its template shapes what the client gets.
 */
import type { RequestContext } from "../../core/context.js";
import type { Scope } from "../../core/events.js";
import type { HttpResponse } from "../../core/service.js";
import type { Integration, IntegrationResponse, Method } from "../rest/model.js";
import { gatewayError, restErrors, type Invocation } from "./common.js";
import { callAwsService } from "./aws-service.js";
import { forwardHttpProxy } from "./http-forward.js";
import { renderTemplate, templateFor, type TemplateRequest } from "./vtl.js";

interface NonProxyInput {
  integration: Integration;
  method: Method;
  event: Record<string, unknown>;
  stageVariables: Record<string, string> | null;
  query: Map<string, string[]>;
}

export interface BackendAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Lambda's errorMessage, which selection patterns of Lambda integrations are matched against. */
  errorMessage?: string;
}

export async function nonProxy(ctx: RequestContext, scope: Scope, inv: Invocation, n: NonProxyInput): Promise<HttpResponse> {
  const id = inv.requestId;
  const { integration } = n;
  const templateReq: TemplateRequest = {
    body: inv.body.toString("utf8"),
    params: {
      path: (n.event.pathParameters as Record<string, string> | null) ?? {},
      querystring: Object.fromEntries([...n.query].map(([k, v]) => [k, v.at(-1)!])),
      header: Object.fromEntries(Object.entries(inv.headers).filter((e): e is [string, string] => e[1] !== undefined)),
    },
    context: contextOf(n.event),
    stageVariables: n.stageVariables,
  };
  const chosen = templateFor(integration.requestTemplates, inv.headers["content-type"]);
  const hasTemplates = Object.keys(integration.requestTemplates ?? {}).length > 0;
  if (!chosen && (integration.passthroughBehavior === "NEVER" || (integration.passthroughBehavior === "WHEN_NO_TEMPLATES" && hasTemplates))) return restErrors.unsupportedMediaType(id);
  let requestBody: string;
  try {
    requestBody = chosen ? renderTemplate(chosen.template, templateReq) : templateReq.body;
  } catch {
    return restErrors.internal(id);
  }
  const mapped = mapRequestParameters(integration.requestParameters, templateReq);

  let answer: BackendAnswer;
  if (integration.type === "MOCK") {
    let status = 200;
    try {
      const parsed = JSON.parse(requestBody || "{}") as { statusCode?: unknown };
      if (typeof parsed.statusCode === "number") status = parsed.statusCode;
    } catch {
      return gatewayError(500, "Internal server error", "InternalServerErrorException", id);
    }
    answer = { status, headers: {}, body: "" };
  } else if (integration.type === "HTTP") {
    const forwarded = await forwardHttpProxy(ctx, { ...inv, headers: { ...inv.headers, ...mapped.headers }, body: Buffer.from(requestBody) }, integration, mapped.path, n.stageVariables, id, false);
    answer = { status: forwarded.status, headers: forwarded.headers, body: Buffer.isBuffer(forwarded.body) ? forwarded.body.toString("utf8") : String(forwarded.body ?? "") };
  } else {
    const result = await callAwsService(ctx, scope, integration, requestBody, mapped.headers, inv.headers["content-type"]);
    if (!result) return restErrors.integrationFailure(id);
    if (result === "timeout") return restErrors.timeout(id);
    answer = result;
  }

  const selected = selectResponse(integration.integrationResponses, answer);
  if (!selected) return restErrors.internal(id);
  const responseType = Object.keys(n.method.methodResponses?.[selected.statusCode]?.responseModels ?? {})[0] ?? "application/json";
  const responseTemplate = templateFor(selected.responseTemplates, responseType);
  let body: string;
  try {
    body = responseTemplate ? renderTemplate(responseTemplate.template, { ...templateReq, body: answer.body }) : answer.body;
  } catch {
    return restErrors.internal(id);
  }
  const headers: Record<string, string> = { "content-type": responseType };
  for (const [target, source] of Object.entries(selected.responseParameters ?? {})) {
    const m = /^method\.response\.header\.(.+)$/.exec(target);
    if (!m) continue;
    const value = parameterValue(source, { header: answer.headers, body: answer.body });
    if (value !== undefined) headers[m[1]!] = value;
  }
  return { status: Number(selected.statusCode), headers, body };
}

/** The response whose selectionPattern matches (the whole status code or errorMessage), else the default one. */
export function selectResponse(responses: Record<string, IntegrationResponse> | undefined, answer: BackendAnswer): IntegrationResponse | undefined {
  const list = Object.values(responses ?? {});
  const subject = answer.errorMessage ?? String(answer.status);
  for (const r of list) {
    if (!r.selectionPattern) continue;
    try {
      if (new RegExp(`^(?:${r.selectionPattern})$`, "s").test(subject)) return r;
    } catch {
      continue;
    }
  }
  return list.find((r) => !r.selectionPattern);
}

/** `'literal'`, `integration.response.header.X`, `integration.response.body.a.b` (or `method.request.*`). */
function parameterValue(source: string, from: { header: Record<string, string>; body: string }): string | undefined {
  const literal = /^'(.*)'$/s.exec(source);
  if (literal) return literal[1];
  const header = /^integration\.response\.header\.(.+)$/.exec(source);
  if (header) return from.header[header[1]!.toLowerCase()];
  const field = /^integration\.response\.body(?:\.(.+))?$/.exec(source);
  if (field) {
    if (!field[1]) return from.body;
    try {
      let v: unknown = JSON.parse(from.body);
      for (const k of field[1].split(".")) v = (v as Record<string, unknown> | undefined)?.[k];
      return v === undefined ? undefined : typeof v === "string" ? v : JSON.stringify(v);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function mapRequestParameters(params: Record<string, string> | undefined, req: TemplateRequest): { headers: Record<string, string>; path: Record<string, string> } {
  const out = { headers: {} as Record<string, string>, path: { ...req.params.path } };
  for (const [target, source] of Object.entries(params ?? {})) {
    const t = /^integration\.request\.(header|path|querystring)\.(.+)$/.exec(target);
    if (!t) continue;
    const literal = /^'(.*)'$/s.exec(source)?.[1];
    const s = /^method\.request\.(header|path|querystring)\.(.+)$/.exec(source);
    const value = literal ?? (s ? (s[1] === "header" ? req.params.header[s[2]!.toLowerCase()] : s[1] === "path" ? req.params.path[s[2]!] : req.params.querystring[s[2]!]) : undefined);
    if (value === undefined) continue;
    if (t[1] === "header") out.headers[t[2]!.toLowerCase()] = value;
    else if (t[1] === "path") out.path[t[2]!] = value;
  }
  return out;
}

function contextOf(event: Record<string, unknown>): Record<string, unknown> {
  const rc = event.requestContext as Record<string, unknown>;
  return { ...rc, stageVariables: event.stageVariables };
}
