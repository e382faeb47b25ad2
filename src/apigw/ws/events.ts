/** WebSocket API Lambda events, as AWS's documented examples show them. */
import { extendedId, requestTime } from "../invoke/common.js";
import type { Connection } from "./state.js";

interface EventBase {
  connection: Connection;
  routeKey: string;
  eventType: "CONNECT" | "MESSAGE" | "DISCONNECT";
  requestId: string;
  now: number;
  domainName: string;
}

function requestContext(b: EventBase, extra: Record<string, unknown>): Record<string, unknown> {
  const c = b.connection;
  const rc: Record<string, unknown> = {
    routeKey: b.routeKey,
    ...extra,
    eventType: b.eventType,
    extendedRequestId: extendedId(),
    requestTime: requestTime(b.now),
    messageDirection: "IN",
    stage: c.stage,
    connectedAt: c.connectedAt,
    requestTimeEpoch: b.now,
    identity: { userAgent: c.userAgent, sourceIp: c.sourceIp },
    requestId: b.requestId,
    domainName: b.domainName,
    connectionId: c.id,
    apiId: c.apiId,
  };
  if (c.authorizer && b.eventType !== "CONNECT") rc.authorizer = c.authorizer;
  return rc;
}

function headerMaps(headers: Record<string, string>): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const multi: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers)) multi[k] = [v];
  return { headers: { ...headers }, multiValueHeaders: multi };
}

export function connectEvent(b: Omit<EventBase, "routeKey" | "eventType">, query: Map<string, string[]>): Record<string, unknown> {
  const event: Record<string, unknown> = headerMaps(b.connection.headers);
  if (query.size > 0) {
    event.queryStringParameters = Object.fromEntries([...query].map(([k, v]) => [k, v.at(-1)!]));
    event.multiValueQueryStringParameters = Object.fromEntries(query);
  }
  event.requestContext = requestContext({ ...b, routeKey: "$connect", eventType: "CONNECT" }, {});
  event.isBase64Encoded = false;
  return event;
}

/** Built as one literal (a message's event is on every round trip: no spreads, no helper objects). */
export function messageEvent(b: Omit<EventBase, "eventType">, body: string): Record<string, unknown> {
  const c = b.connection;
  const rc: Record<string, unknown> = {
    routeKey: b.routeKey,
    messageId: extendedId(),
    eventType: "MESSAGE",
    extendedRequestId: extendedId(),
    requestTime: requestTime(b.now),
    messageDirection: "IN",
    stage: c.stage,
    connectedAt: c.connectedAt,
    requestTimeEpoch: b.now,
    identity: { userAgent: c.userAgent, sourceIp: c.sourceIp },
    requestId: b.requestId,
    domainName: b.domainName,
    connectionId: c.id,
    apiId: c.apiId,
  };
  if (c.authorizer) rc.authorizer = c.authorizer;
  return { requestContext: rc, body, isBase64Encoded: false };
}

export function disconnectEvent(b: Omit<EventBase, "routeKey" | "eventType">, code: number, reason: string): Record<string, unknown> {
  return {
    ...headerMaps(b.connection.headers),
    requestContext: requestContext({ ...b, routeKey: "$disconnect", eventType: "DISCONNECT" }, { disconnectStatusCode: code, disconnectReason: reason }),
    isBase64Encoded: false,
  };
}
