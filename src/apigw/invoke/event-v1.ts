/**
 * The Lambda proxy event of REST APIs (and of HTTP APIs' payload format 1.0), field by field as
 * AWS's documented examples show it.
 */
import { extendedId, isBinary, parseQuery, requestTime, setOwn, titleCase, traceId, type Invocation } from "./common.js";

export interface EventV1Context {
  accountId: string;
  apiId: string;
  stage: string;
  /** Resource template (`/items/{id}`) or, for HTTP APIs, the route key's path. */
  resourcePath: string;
  resourceId: string | null;
  pathParameters: Record<string, string> | null;
  stageVariables: Record<string, string> | null;
  authorizer?: Record<string, unknown>;
  binaryMediaTypes?: string[];
  /** REST only. */
  deploymentId?: string;
  apiKey?: { value: string; id: string };
  /** HTTP API payload 1.0 carries `version: "1.0"` and its routeKey. */
  httpApi?: { routeKey: string };
}

/** Headers AWS adds before the integration sees the request. */
export function forwardedHeaders(inv: Invocation): Record<string, string> {
  const port = /:(\d+)$/.exec(inv.host)?.[1] ?? "80";
  const forwardedFor = inv.headers["x-forwarded-for"] ? `${inv.headers["x-forwarded-for"]}, ${inv.sourceIp}` : inv.sourceIp;
  return { "x-amzn-trace-id": inv.headers["x-amzn-trace-id"] ?? traceId(inv.now), "x-forwarded-for": forwardedFor, "x-forwarded-port": port, "x-forwarded-proto": "http" };
}

export function eventV1(inv: Invocation, c: EventV1Context): Record<string, unknown> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const forwarded = forwardedHeaders(inv);
  const add = (name: string, value: string | undefined): void => {
    if (value === undefined || name === "connection" || (name === "content-length" && inv.body.length === 0)) return;
    const key = c.httpApi ? name : titleCase(name);
    setOwn(headers, key, value);
    setOwn(multiValueHeaders, key, [value]);
  };
  for (const name in inv.headers) if (!Object.hasOwn(forwarded, name)) add(name, inv.headers[name]);
  for (const name in forwarded) add(name, forwarded[name]);
  const query = parseQuery(inv.rawQuery);
  let queryStringParameters: Record<string, string> | null = null;
  let multiValueQueryStringParameters: Record<string, string[]> | null = null;
  if (query.size > 0) {
    queryStringParameters = {};
    multiValueQueryStringParameters = {};
    for (const [name, values] of query) {
      // REST keeps the last value of a repeated parameter in the single-value map.
      setOwn(queryStringParameters, name, values[values.length - 1]!);
      setOwn(multiValueQueryStringParameters, name, values);
    }
  }
  const binary = isBinary(inv.headers["content-type"], c.binaryMediaTypes) || (c.httpApi !== undefined && !isText(inv.headers["content-type"]) && inv.body.length > 0);
  const identity: Record<string, unknown> = {
    cognitoIdentityPoolId: null,
    accountId: null,
    cognitoIdentityId: null,
    caller: null,
    sourceIp: inv.sourceIp,
    principalOrgId: null,
    accessKey: null,
    cognitoAuthenticationType: null,
    cognitoAuthenticationProvider: null,
    userArn: null,
    userAgent: inv.headers["user-agent"] ?? null,
    user: null,
  };
  if (c.apiKey) Object.assign(identity, { apiKey: c.apiKey.value, apiKeyId: c.apiKey.id });
  const fullPath = inv.stageInPath ? `/${c.stage}${inv.path}` : inv.path;
  const requestContext: Record<string, unknown> = {
    resourceId: c.resourceId,
    resourcePath: c.resourcePath,
    httpMethod: inv.method,
    extendedRequestId: extendedId(),
    requestTime: requestTime(inv.now),
    path: fullPath,
    accountId: c.accountId,
    protocol: "HTTP/1.1",
    stage: c.stage,
    domainPrefix: inv.host.split(".")[0]!.split(":")[0],
    requestTimeEpoch: inv.now,
    requestId: inv.requestId,
    identity,
    domainName: inv.host,
    apiId: c.apiId,
  };
  if (c.deploymentId) requestContext.deploymentId = c.deploymentId;
  if (c.authorizer) requestContext.authorizer = c.authorizer;
  if (c.httpApi) requestContext.routeKey = c.httpApi.routeKey;
  const event: Record<string, unknown> = {};
  if (c.httpApi) event.version = "1.0";
  Object.assign(event, {
    resource: c.resourcePath,
    path: c.httpApi ? fullPath : decodePath(inv.path),
    httpMethod: inv.method,
    headers,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    pathParameters: c.pathParameters,
    stageVariables: c.stageVariables,
    requestContext,
    body: inv.body.length === 0 ? null : binary ? inv.body.toString("base64") : inv.body.toString("utf8"),
    isBase64Encoded: inv.body.length > 0 && binary,
  });
  return event;
}

function decodePath(p: string): string {
  try {
    return decodeURI(p);
  } catch {
    return p;
  }
}

/** HTTP APIs base64-encode a body unless its content type is text-like (AWS's documented list). */
export function isText(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const t = contentType.split(";")[0]!.trim().toLowerCase();
  return t.startsWith("text/") || /[/+](json|xml|javascript|x-www-form-urlencoded|csv|yaml)$/.test(t) || t === "application/graphql";
}
