/**
 * WebSocket API connections: the handshake runs `$connect` (authorizer, then integration) and is
 * refused as AWS refuses it; messages are routed by the API's RouteSelectionExpression to their
 * integration, and two-way routes answer; `$disconnect` runs once per connection, after it closed.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { RequestContext } from "../../core/context.js";
import type { Scope } from "../../core/events.js";
import { requestId as newRequestId } from "../../core/ids.js";
import { parseQuery } from "../invoke/common.js";
import { authorizeHttp } from "../invoke/http-auth.js";
import { stageSnapshot } from "../invoke/http-invoke.js";
import { invokeLambda } from "../invoke/lambda.js";
import type { Api, Route, V2Snapshot, V2Stage } from "../v2/model.js";
import type { WsRoutes } from "./routes.js";
import { FrameSizeGuard } from "./frames.js";
import { connectEvent, disconnectEvent, messageEvent } from "./events.js";
import { LIMITS, type Connection } from "./state.js";
import { gatewayOf } from "../context.js";

const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.messageBytes, perMessageDeflate: false });

/** A connection id as AWS writes them: 16 characters of base64 ending in `=`. */
function connectionId(): string {
  return `${randomBytes(11).toString("base64").slice(0, 15).replace(/\//g, "_")}=`;
}

function refuse(socket: Duplex, status: number, text: string): true {
  socket.end(`HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(`{"message":"${text}"}`)}\r\nconnection: close\r\n\r\n{"message":"${text}"}`);
  return true;
}

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway" };

interface Target {
  scope: Scope;
  api: Api;
  stage: V2Stage;
  snapshot: V2Snapshot;
  routes: WsRoutes;
}

/** The WebSocket API stage `<apiId>/<stage>` names, or undefined. */
export function wsTarget(ctx: RequestContext, apiId: string, stageName: string): Target | undefined {
  const gateway = gatewayOf(ctx);
  const store = gateway.docs;
  const found = store.memoized(`api ${apiId}`, () => store.findById<Api>("api", apiId));
  if (!found || found.doc.protocolType !== "WEBSOCKET") return undefined;
  const stage = store.memoized(`v2stage ${apiId} ${stageName}`, () => store.get<V2Stage>(found.scope, "v2stage", apiId, stageName));
  if (!stage) return undefined;
  const snapshot = stageSnapshot(ctx, found.scope, apiId, stage);
  return snapshot ? { scope: found.scope, api: found.doc, stage, snapshot, routes: gateway.data.wsRoutes(snapshot) } : undefined;
}

/** `scoped`: the context with the API's account and region. */
async function runIntegration(scoped: RequestContext, t: Target, route: Route, event: Record<string, unknown>): Promise<{ ok: boolean; status: number; payload?: string }> {
  const { integration, fn } = t.routes.targetOf(route);
  if (!integration) return { ok: false, status: 500 };
  if (integration.integrationType === "MOCK") return { ok: true, status: 200 };
  if (!fn) return { ok: false, status: 500 };
  const outcome = await invokeLambda(scoped, t.scope, fn, JSON.stringify(event), integration.timeoutInMillis);
  if (outcome.kind !== "ok" || outcome.result.functionError) return { ok: false, status: 500 };
  const payload = outcome.result.payload.toString("utf8");
  let status = 200;
  try {
    const parsed = JSON.parse(payload) as { statusCode?: unknown };
    if (parsed && typeof parsed === "object" && typeof parsed.statusCode === "number") status = parsed.statusCode;
  } catch {
    // A result that is not JSON is still a success.
  }
  return { ok: status >= 200 && status < 300, status, payload };
}

export async function upgradeWebSocket(ctx: RequestContext, raw: IncomingMessage, socket: Duplex, head: Buffer, apiId: string, stageName: string, rawQuery: string): Promise<boolean> {
  const t = wsTarget(ctx, apiId, stageName);
  if (!t) return refuse(socket, 403, "Forbidden");
  const now = ctx.clock.now();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.headers)) if (typeof v === "string" && k !== "connection" && k !== "upgrade") headers[k] = v;
  const query = parseQuery(rawQuery);
  const connection: Connection = {
    id: connectionId(), apiId, stage: stageName, scope: t.scope, socket: undefined as unknown as WebSocket, connectedAt: now, lastActiveAt: now,
    sourceIp: "127.0.0.1", userAgent: headers["user-agent"], headers, gone: false, ctx: { ...ctx, ...t.scope },
  };
  const domainName = headers.host ?? "localhost";
  const requestId = newRequestId();
  const connectRoute = t.routes.named("$connect");
  if (connectRoute) {
    const stageVariables = t.stage.stageVariables ?? null;
    const event = connectEvent({ connection, requestId, now, domainName }, query);
    const methodArn = `arn:aws:execute-api:${t.scope.region}:${t.scope.accountId}:${apiId}/${stageName}/$connect`;
    const auth = await authorizeHttp(connection.ctx, {
      inv: { method: "GET", path: "/", rawPath: (raw.url ?? "/").split("?")[0]!, rawQuery, headers, body: Buffer.alloc(0), host: domainName, stageInPath: true, requestId, now, sourceIp: "127.0.0.1" },
      route: connectRoute, authorizers: t.snapshot.authorizers, apiId, routeArn: methodArn,
      identityValue: (source) => {
        const m = /^(?:route\.request|\$request)\.(header|querystring)\.(.+)$/.exec(source) ?? /^\$?(stageVariables|context)\.(.+)$/.exec(source);
        if (!m) return undefined;
        if (m[1] === "header") return headers[m[2]!.toLowerCase()];
        if (m[1] === "querystring") return query.get(m[2]!)?.join(",");
        if (m[1] === "stageVariables") return stageVariables?.[m[2]!];
        return ({ connectionId: connection.id, stage: stageName, routeKey: "$connect" } as Record<string, string>)[m[2]!];
      },
      event: () => ({ type: "REQUEST", methodArn, headers: event.headers, multiValueHeaders: event.multiValueHeaders, queryStringParameters: event.queryStringParameters ?? {}, multiValueQueryStringParameters: event.multiValueQueryStringParameters ?? {}, stageVariables: stageVariables ?? {}, requestContext: event.requestContext }),
    });
    if (!auth.ok) return refuse(socket, auth.response.status, STATUS_TEXT[auth.response.status] ?? "Forbidden");
    const lambdaContext = auth.authorizer?.lambda as Record<string, unknown> | undefined;
    if (lambdaContext) connection.authorizer = lambdaContext;
    if (connection.authorizer) (event.requestContext as Record<string, unknown>).authorizer = connection.authorizer;
    if (connectRoute.target) {
      const result = await runIntegration(connection.ctx, t, connectRoute, event);
      if (!result.ok) return refuse(socket, result.status >= 400 ? result.status : 500, STATUS_TEXT[result.status] ?? "Internal Server Error");
    }
  }
  if (socket.destroyed) return true;
  wss.handleUpgrade(raw, socket, head, (ws) => {
    accept(t, connection, ws, domainName);
    const guard = new FrameSizeGuard(LIMITS.frameBytes, () => closeConnection(connection, 1009, "Frame too big"));
    socket.prependListener("data", (chunk: Buffer) => guard.feed(chunk));
  });
  return true;
}

function accept(t: Target, c: Connection, ws: WebSocket, domainName: string): void {
  const ctx = c.ctx;
  c.socket = ws;
  const connections = gatewayOf(ctx).connections;
  connections.set(c.id, c);
  armIdle(ctx, c);
  c.maxTimer = ctx.clock.setTimer(c.connectedAt + LIMITS.maxDurationMs, () => closeConnection(c, 1001, "Going away"));
  ws.on("message", (data: RawData, isBinary: boolean) => {
    if (c.closing) return;
    if (isBinary) return closeConnection(c, 1003, "Unsupported data");
    const body = Buffer.isBuffer(data) ? data.toString("utf8") : Array.isArray(data) ? Buffer.concat(data).toString("utf8") : Buffer.from(data).toString("utf8");
    touch(ctx, c);
    void ctx.bus.track(onMessage(ctx, c, body, domainName));
  });
  ws.on("close", (code: number, reason: Buffer) => {
    const why = c.closing ?? { code, reason: reason.toString("utf8") };
    void ctx.bus.track(disconnected(ctx, t, c, why.code, why.reason, domainName));
  });
  ws.on("error", () => ws.terminate());
}

/** Activity: the idle deadline moves. The timer is not re-armed per message; it checks when it fires. */
export function touch(ctx: RequestContext, c: Connection): void {
  c.lastActiveAt = ctx.clock.now();
}

function armIdle(ctx: RequestContext, c: Connection): void {
  const due = c.lastActiveAt + LIMITS.idleMs;
  c.idleTimer = ctx.clock.setTimer(due, () => {
    if (c.lastActiveAt + LIMITS.idleMs > ctx.clock.now()) armIdle(ctx, c);
    else closeConnection(c, 1001, "Going away");
  });
}

export function closeConnection(c: Connection, code: number, reason: string): void {
  if (c.closing || c.gone) return;
  c.closing = { code, reason };
  c.socket.close(code, reason);
}

async function disconnected(ctx: RequestContext, t: Target, c: Connection, code: number, reason: string, domainName: string): Promise<void> {
  if (c.gone) return;
  c.gone = true;
  c.idleTimer?.cancel();
  c.maxTimer?.cancel();
  gatewayOf(ctx).connections.delete(c.id);
  // The stage as it is now: $disconnect may have been added since the client connected.
  const current = wsTarget(ctx, c.apiId, c.stage) ?? t;
  const route = current.routes.named("$disconnect");
  if (!route?.target) return;
  await runIntegration(c.ctx, current, route, disconnectEvent({ connection: c, requestId: newRequestId(), now: ctx.clock.now(), domainName }, code, reason));
}

function errorFrame(c: Connection, message: string, requestId: string): void {
  if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify({ message, connectionId: c.id, requestId }));
}

async function onMessage(ctx: RequestContext, c: Connection, body: string, domainName: string): Promise<void> {
  const requestId = newRequestId();
  const t = wsTarget(ctx, c.apiId, c.stage);
  if (!t) return errorFrame(c, "Forbidden", requestId);
  const key = t.routes.select(body);
  const route = (key !== undefined ? t.routes.named(key) : undefined) ?? t.routes.named("$default");
  if (!route || key === "$connect" || key === "$disconnect") return errorFrame(c, "Forbidden", requestId);
  const settings = t.stage.routeSettings[route.routeKey] ?? t.stage.defaultRouteSettings;
  if (typeof settings.throttlingRateLimit === "number" || typeof settings.throttlingBurstLimit === "number") {
    const bucket = `ws/${c.apiId}/${c.stage}/${t.stage.routeSettings[route.routeKey] ? route.routeKey : "*"}`;
    if (!gatewayOf(ctx).data.throttles.take(bucket, settings.throttlingRateLimit ?? 10000, settings.throttlingBurstLimit ?? 5000, ctx.clock.now())) return errorFrame(c, "Limit Exceeded", requestId);
  }
  if (!route.target) return;
  const result = await runIntegration(c.ctx, t, route, messageEvent({ connection: c, routeKey: route.routeKey, requestId, now: ctx.clock.now(), domainName }, body));
  if (result.status >= 500 && !result.ok) return errorFrame(c, "Internal server error", requestId);
  if (!route.routeResponseSelectionExpression || result.payload === undefined || c.socket.readyState !== c.socket.OPEN) return;
  // Two-way route: a proxy result's body goes back, any other result as it is.
  let reply = result.payload;
  try {
    const parsed = JSON.parse(result.payload) as { body?: unknown; statusCode?: unknown };
    if (parsed && typeof parsed === "object" && "statusCode" in parsed) reply = typeof parsed.body === "string" ? parsed.body : "";
  } catch {
    // Not JSON: sent as it is.
  }
  if (reply) c.socket.send(reply);
}
