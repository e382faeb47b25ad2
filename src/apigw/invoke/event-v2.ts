/** HTTP APIs' payload format 2.0 event, as AWS's documented example shows it. */
import { parseQuery, requestTime, setOwn, type Invocation } from "./common.js";
import { forwardedHeaders, isText } from "./event-v1.js";

export interface EventV2Context {
  accountId: string;
  apiId: string;
  stage: string;
  routeKey: string;
  pathParameters?: Record<string, string>;
  stageVariables?: Record<string, string>;
  authorizer?: Record<string, unknown>;
}

/** Headers lower-cased, repeated values joined by commas; the Cookie header moves to `cookies`. */
export function v2Headers(inv: Invocation): { headers: Record<string, string>; cookies?: string[] } {
  const headers: Record<string, string> = {};
  for (const name in inv.headers) {
    const value = inv.headers[name];
    if (value === undefined || name === "cookie" || name === "connection") continue;
    setOwn(headers, name, value);
  }
  Object.assign(headers, forwardedHeaders(inv));
  const cookie = inv.headers.cookie;
  const cookies = cookie ? cookie.split(";").map((c) => c.trim()).filter(Boolean) : undefined;
  return { headers, cookies };
}

export function eventV2(inv: Invocation, c: EventV2Context): Record<string, unknown> {
  const { headers, cookies } = v2Headers(inv);
  const event: Record<string, unknown> = { version: "2.0", routeKey: c.routeKey, rawPath: inv.stageInPath ? `/${c.stage}${inv.path}` : inv.path, rawQueryString: inv.rawQuery };
  if (cookies) event.cookies = cookies;
  event.headers = headers;
  const query = parseQuery(inv.rawQuery);
  if (query.size > 0) {
    const params: Record<string, string> = {};
    for (const [name, values] of query) setOwn(params, name, values.join(","));
    event.queryStringParameters = params;
  }
  const requestContext: Record<string, unknown> = {
    accountId: c.accountId,
    apiId: c.apiId,
  };
  if (c.authorizer) requestContext.authorizer = c.authorizer;
  requestContext.domainName = inv.host;
  requestContext.domainPrefix = inv.host.split(".")[0]!.split(":")[0];
  requestContext.http = { method: inv.method, path: event.rawPath, protocol: "HTTP/1.1", sourceIp: inv.sourceIp, userAgent: inv.headers["user-agent"] ?? "" };
  requestContext.requestId = inv.requestId;
  requestContext.routeKey = c.routeKey;
  requestContext.stage = c.stage;
  requestContext.time = requestTime(inv.now);
  requestContext.timeEpoch = inv.now;
  event.requestContext = requestContext;
  if (inv.body.length > 0) {
    const text = isText(inv.headers["content-type"]);
    event.body = text ? inv.body.toString("utf8") : inv.body.toString("base64");
    event.isBase64Encoded = !text;
  } else {
    event.isBase64Encoded = false;
  }
  if (c.pathParameters) event.pathParameters = c.pathParameters;
  if (c.stageVariables) event.stageVariables = c.stageVariables;
  return event;
}
