/**
 * A REST API's customized gateway responses applied to the gateway's own errors (the answers with
 * `x-amzn-ErrorType`): the error's type chosen as AWS names it, its customization — or, for a type
 * not customized, DEFAULT_4XX / DEFAULT_5XX's — gives the status code, headers and body template.
 */
import type { HttpResponse } from "../../core/service.js";
import { DEFAULT_TEMPLATE, type GatewayResponse } from "../rest/gateway-responses.js";
import type { Stage } from "../rest/model.js";
import { parseQuery, type Invocation } from "./common.js";
import { renderTemplate, templateFor } from "./vtl.js";

const BY_ERROR_TYPE: Record<string, string> = {
  MissingAuthenticationTokenException: "MISSING_AUTHENTICATION_TOKEN",
  IntegrationTimeout: "INTEGRATION_TIMEOUT",
  AccessDeniedException: "ACCESS_DENIED",
  AuthorizerConfigurationException: "AUTHORIZER_CONFIGURATION_ERROR",
  AuthorizerFailureException: "AUTHORIZER_FAILURE",
  TooManyRequestsException: "THROTTLED",
  LimitExceededException: "QUOTA_EXCEEDED",
  UnsupportedMediaTypeException: "UNSUPPORTED_MEDIA_TYPE",
  RequestTooLongException: "REQUEST_TOO_LARGE",
  InvalidSignatureException: "INVALID_SIGNATURE",
  ExpiredTokenException: "EXPIRED_TOKEN",
};

/** The gateway response type of one of the gateway's errors; undefined when only DEFAULT_4XX/5XX applies. */
function responseTypeOf(errorType: string, status: number, message: string | null): string | undefined {
  const known = BY_ERROR_TYPE[errorType];
  if (known) return known;
  if (errorType === "UnauthorizedException" && status === 401) return "UNAUTHORIZED";
  if (errorType === "ForbiddenException") return "INVALID_API_KEY";
  if (errorType === "BadRequestException") return message === "Invalid request body" ? "BAD_REQUEST_BODY" : "BAD_REQUEST_PARAMETERS";
  // Lambda errors, malformed results and unreachable integrations: only DEFAULT_5XX applies here.
  return undefined;
}

function messageOf(body: HttpResponse["body"]): string | null {
  try {
    const parsed = JSON.parse(typeof body === "string" ? body : Buffer.from(body as Uint8Array).toString("utf8")) as Record<string, unknown>;
    const m = parsed.message ?? parsed.Message;
    return typeof m === "string" ? m : null;
  } catch {
    return null;
  }
}

/** A response parameter's value: `'literal'`, `method.request.header|querystring.x`, `stageVariables.x`, `context.x`. */
function parameterValue(expression: string, inv: Invocation, stage: Stage, context: Record<string, unknown>): string | undefined {
  const literal = /^'(.*)'$/s.exec(expression);
  if (literal) return literal[1];
  const m = /^(method\.request\.(header|querystring)|stageVariables|context)\.(.+)$/.exec(expression);
  if (!m) return undefined;
  const name = m[3]!;
  if (m[2] === "header") return inv.headers[name.toLowerCase()];
  if (m[2] === "querystring") return parseQuery(inv.rawQuery).get(name)?.at(-1);
  if (m[1] === "stageVariables") return stage.variables?.[name];
  const value = context[name];
  return value === undefined || value === null ? undefined : String(value);
}

export function applyGatewayResponses(custom: GatewayResponse[] | undefined, response: HttpResponse, inv: Invocation, stage: Stage, apiId: string): HttpResponse {
  if (!custom || custom.length === 0) return response;
  const errorType = response.headers["x-amzn-errortype"];
  if (!errorType || response.status < 400) return response;
  const message = messageOf(response.body);
  const type = responseTypeOf(errorType, response.status, message);
  const family = response.status >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX";
  const specific = type ? custom.find((r) => r.responseType === type) : undefined;
  const fallback = custom.find((r) => r.responseType === family);
  const chosen = specific ?? fallback;
  if (!chosen) return response;
  // A type's own status code, else the family's (DEFAULT_4XX's code changes every 4XX not customized).
  const statusText = specific ? specific.statusCode : fallback?.statusCode;
  const status = statusText ? Number(statusText) : response.status;
  const responseType = type ?? family;
  const context: Record<string, unknown> = {
    requestId: inv.requestId, apiId, stage: stage.stageName, httpMethod: inv.method, resourcePath: inv.matched ?? null, domainName: inv.host,
    error: { message: message ?? "", messageString: JSON.stringify(message ?? ""), responseType, validationErrorString: "" },
  };
  const headers: Record<string, string> = { ...response.headers };
  for (const [key, expression] of Object.entries(chosen.responseParameters ?? {})) {
    const value = parameterValue(expression, inv, stage, context);
    if (value !== undefined) headers[key.slice("gatewayresponse.header.".length)] = value;
  }
  const templates = Object.keys(chosen.responseTemplates ?? {}).length > 0 ? chosen.responseTemplates : { "application/json": DEFAULT_TEMPLATE };
  const picked = templateFor(templates, inv.headers.accept?.includes("/") && !inv.headers.accept.includes("*") ? inv.headers.accept : "application/json") ?? templateFor(templates, "application/json") ?? { key: Object.keys(templates)[0]!, template: Object.values(templates)[0]! };
  let body: string;
  try {
    body = renderTemplate(picked.template, { body: "", params: { path: {}, querystring: {}, header: {} }, context, stageVariables: stage.variables ?? null });
  } catch {
    body = JSON.stringify({ message });
  }
  headers["content-type"] = picked.key;
  return { status, headers, body };
}
