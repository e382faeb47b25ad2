/**
 * The execute-api data plane: finds the API and stage a request is for, in either URL form —
 * `http://<apiId>.execute-api.localhost:4566/<stage>/<path>` (by Host) or
 * `http://localhost:4566/_aws/execute-api/<apiId>/<stage>/<path>` — and `GET /_local/apis`.
 */
import type { RequestContext } from "../../core/context.js";
import type { Scope } from "../../core/events.js";
import type { HttpRequest, HttpResponse, UpgradeRequest } from "../../core/service.js";
import { withGateway, type GatewayContext } from "../context.js";
import type { RestApi, Snapshot, Stage } from "../rest/model.js";
import type { ApigwState } from "../state.js";
import { decode, httpApiErrors, jsonResponse, restErrors, type Invocation } from "./common.js";
import { applyGatewayResponses } from "./gateway-responses.js";
import { invokeHttpApi } from "./http-invoke.js";
import { listApis } from "./listing.js";
import { writeAccessLog } from "./access-log.js";
import { invokeRest } from "./rest-invoke.js";
import { manageConnection } from "../ws/management.js";
import { upgradeWebSocket } from "../ws/sockets.js";


const HOST_FORM = /^([a-z0-9]{10})\.execute-api\.localhost(?::\d+)?$/;
const PATH_FORM = /^\/_aws\/execute-api\/([^/]+)(\/.*)?$/;
const MAX_PAYLOAD = 10 * 1024 * 1024;
const CONNECTIONS = /^\/@connections\/([^/]+)$/;
const MANAGED = /^\/([^/]+)\/@connections\/([^/]+)$/;

export async function handleDataPlane(req: HttpRequest, ctx: RequestContext, gateway: ApigwState): Promise<HttpResponse | undefined> {
  // A function's @connections client with no endpoint of its own (AWS_ENDPOINT_URL): the echo and
  // broadcast path, checked first and without building anything else.
  if (req.rawPath.startsWith("/@connections/") && !HOST_FORM.test(req.host)) {
    const bare = CONNECTIONS.exec(req.rawPath);
    if (bare) return manageConnection(ctx, gateway, req, { connectionId: bare[1]! });
  }
  if (req.rawPath === "/_local/apis" || req.rawPath === "/_local/apis/") {
    return req.method === "GET" ? jsonResponse(200, listApis(gateway.docs, req)) : undefined;
  }
  const byHost = HOST_FORM.exec(req.host);
  const byPath = byHost ? undefined : PATH_FORM.exec(req.rawPath);
  const apiId = byHost?.[1] ?? byPath?.[1];
  if (!apiId) return undefined;
  const rest = byHost ? req.rawPath : (byPath![2] ?? "/");
  const managed = rest.includes("/@connections/") ? MANAGED.exec(rest) : null;
  if (managed) return manageConnection(ctx, gateway, req, { apiId, stage: decode(managed[1]!), connectionId: managed[2]! });
  const store = gateway.docs;
  const now = ctx.clock.now();
  let body: Buffer;
  try {
    body = await req.readBody(MAX_PAYLOAD, () => new Error("too large"));
  } catch {
    return restErrors.tooLarge(ctx.requestId);
  }
  // The path below the stage and whether the stage is in the URL are set once the stage is known.
  const inv: Invocation = {
    method: req.method, path: "/", rawPath: req.rawPath, rawQuery: req.rawQuery, headers: req.headers, body, host: req.host, stageInPath: true, requestId: ctx.requestId, now, sourceIp: "127.0.0.1", matched: undefined,
  };

  const restApi = store.memoized(`restapi ${apiId}`, () => store.findById<RestApi>("restapi", apiId));
  if (restApi) {
    const [, stageName = "", ...below] = rest.split("/");
    const scope = restApi.scope;
    const name = decode(stageName);
    const stage = name ? store.memoized(`stage ${apiId} ${name}`, () => store.get<Stage>(scope, "stage", apiId, name)) : undefined;
    if (!stage) return restErrors.missingToken(ctx.requestId);
    const snapshot = store.memoized(`deployment ${apiId} ${stage.deploymentId}`, () => store.extra<Snapshot>(scope, "deployment", apiId, stage.deploymentId));
    if (!snapshot) return restErrors.missingToken(ctx.requestId);
    inv.path = `/${below.join("/")}`;
    const response = applyGatewayResponses(snapshot.gatewayResponses, await invokeRest(withScope(ctx, scope, gateway), scope, snapshot, stage, inv), inv, stage, apiId);
    writeAccessLog(ctx, scope, stage.accessLogSettings, inv, apiId, stage.stageName, response);
    return response;
  }
  const httpApi = store.memoized(`api ${apiId}`, () => store.findById("api", apiId));
  if (httpApi) return invokeHttpApi(withScope(ctx, httpApi.scope, gateway), httpApi.scope, apiId, rest, inv);
  return httpApiErrors.notFound(ctx.requestId);
}

/** The API's account and region, whatever credentials (none, usually) the caller used; the service's state. */
function withScope(ctx: RequestContext, scope: Scope, gateway: ApigwState): GatewayContext {
  return { ...ctx, accountId: scope.accountId, region: scope.region, gateway };
}

/** A WebSocket handshake on an invoke URL (`ws://.../_aws/execute-api/<apiId>/<stage>`): true when taken. */
export async function handleUpgrade(req: HttpRequest, upgrade: UpgradeRequest, ctx: RequestContext, gateway: ApigwState): Promise<boolean> {
  const byHost = HOST_FORM.exec(req.host);
  const byPath = byHost ? undefined : PATH_FORM.exec(req.rawPath);
  const apiId = byHost?.[1] ?? byPath?.[1];
  if (!apiId) return false;
  const stage = (byHost ? req.rawPath : (byPath![2] ?? "/")).split("/")[1] ?? "";
  return upgradeWebSocket(withGateway(ctx, gateway), upgrade.request, upgrade.socket, upgrade.head, apiId, decode(stage), req.rawQuery);
}
