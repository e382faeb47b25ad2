/**
 * APIs declared in the config file:
 * `{"apis": {"shop": {"type": "http", "routes": {"GET /items/{id}": "getItem"}, "cors": true, "port": 3000}}}`.
 * Each becomes an HTTP API (or a REST API with `"type": "rest"`, a WebSocket API with
 * `"type": "websocket"`) named after its key, with one Lambda proxy integration per route to the
 * named function, deployed to `$default` (REST and WebSocket: the `stage` given, default `local`). With `port`, the API also listens on that port at its root, as
 * a front end would call its custom domain. Restarting with the same config keeps the API's id.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect } from "node:net";
import type { Duplex } from "node:stream";
import type { RequestContext } from "../core/context.js";
import type { Scope } from "../core/events.js";
import type { ServiceEnv } from "../core/service.js";
import { gatewayOf } from "./context.js";
import { nowIso } from "./control.js";
import type { ApigwState } from "./state.js";
import { stageUrls } from "./invoke/listing.js";
import { createDeployment } from "./rest/stages.js";
import { createRestApi, deleteRestApiDocs } from "./rest/apis.js";
import { createResource } from "./rest/resources.js";
import type { Resource, RestApi } from "./rest/model.js";
import { createApi } from "./v2/apis.js";
import { buildIntegration, buildRoute, buildStage } from "./v2/children.js";
import type { Api } from "./v2/model.js";

export interface DeclaredApi {
  type?: "http" | "rest" | "websocket";
  routeSelectionExpression?: string;
  routes?: Record<string, string>;
  cors?: boolean | { allowOrigins?: string[]; allowMethods?: string[]; allowHeaders?: string[]; exposeHeaders?: string[]; maxAge?: number; allowCredentials?: boolean };
  port?: number;
  stage?: string;
  payloadFormatVersion?: "1.0" | "2.0";
}

const TAG = "local-aws:config";

/** Enough of a request context for the control-plane builders (they read the clock, store and scope). */
function contextFor(env: ServiceEnv, scope: Scope, gateway: ApigwState): RequestContext {
  return { ...scope, clock: env.clock, store: env.store, requestId: "config", operation: "config", endpoint: env.endpoint(), gateway } as unknown as RequestContext;
}

function functionArn(scope: Scope, name: string): string {
  return name.startsWith("arn:") ? name : `arn:aws:lambda:${scope.region}:${scope.accountId}:function:${name}`;
}

function installV2(ctx: RequestContext, name: string, d: DeclaredApi, stageName: string): string {
  const store = gatewayOf(ctx).docs;
  const websocket = d.type === "websocket";
  const existing = store.list<Api>(ctx, "api", "").find((a) => a.tags?.[TAG] === name && (a.protocolType === "WEBSOCKET") === websocket);
  const cors = websocket ? undefined : d.cors === true ? { allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["*"] } : d.cors || undefined;
  return store.txn(() => {
    let api = existing;
    if (api) {
      store.deleteChildren(ctx, api.apiId);
      if (cors) api.corsConfiguration = cors;
      else delete api.corsConfiguration;
      store.put(ctx, "api", "", api.apiId, api);
    } else {
      api = websocket
        ? createApi(ctx, { name, protocolType: "WEBSOCKET", routeSelectionExpression: d.routeSelectionExpression ?? "$request.body.action", tags: { [TAG]: name } })
        : createApi(ctx, { name, protocolType: "HTTP", tags: { [TAG]: name }, corsConfiguration: cors });
    }
    for (const [routeKey, fn] of Object.entries(d.routes ?? {})) {
      const integration = buildIntegration(api, { integrationType: "AWS_PROXY", integrationUri: functionArn(ctx, fn), payloadFormatVersion: websocket ? "1.0" : d.payloadFormatVersion ?? "2.0" });
      store.put(ctx, "integration", api.apiId, integration.integrationId, integration);
      const route = buildRoute(api, { routeKey, target: `integrations/${integration.integrationId}` });
      store.put(ctx, "route", api.apiId, route.routeId, route);
    }
    store.put(ctx, "v2stage", api.apiId, stageName, { ...buildStage(ctx, { stageName, autoDeploy: true }), lastUpdatedDate: nowIso(ctx) });
    return api.apiId;
  });
}

function installRest(ctx: RequestContext, name: string, d: DeclaredApi, stage: string): string {
  const store = gatewayOf(ctx).docs;
  const existing = store.list<RestApi>(ctx, "restapi", "").find((a) => a.tags?.[TAG] === name);
  return store.txn(() => {
    if (existing) deleteRestApiDocs(ctx, existing.id);
    const api = createRestApi(ctx, { name, tags: { [TAG]: name } });
    if (existing) {
      // Keep the id users have in their front end's config.
      store.delete(ctx, "restapi", "", api.id);
      store.deleteChildren(ctx, api.id);
      Object.assign(api, { id: existing.id, rootResourceId: existing.rootResourceId });
      store.put(ctx, "restapi", "", api.id, api);
      store.put(ctx, "resource", api.id, api.rootResourceId, { id: api.rootResourceId, path: "/" });
    }
    const resources = new Map<string, Resource>([["/", store.get<Resource>(ctx, "resource", api.id, api.rootResourceId)!]]);
    const resourceFor = (path: string): Resource => {
      let found = resources.get(path);
      if (found) return found;
      const cut = path.lastIndexOf("/");
      found = createResource(ctx, api.id, resourceFor(path.slice(0, cut) || "/"), path.slice(cut + 1));
      resources.set(path, found);
      return found;
    };
    for (const [routeKey, fn] of Object.entries(d.routes ?? {})) {
      const [method, rawPath = "/"] = routeKey.split(" ");
      const resource = resourceFor(rawPath.replace(/\/+$/, "") || "/");
      (resource.resourceMethods ??= {})[method!.toUpperCase()] = {
        httpMethod: method!.toUpperCase(), authorizationType: "NONE", apiKeyRequired: false,
        methodIntegration: { type: "AWS_PROXY", httpMethod: "POST", uri: `arn:aws:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/${functionArn(ctx, fn)}/invocations`, timeoutInMillis: 29000, cacheKeyParameters: [], passthroughBehavior: "WHEN_NO_MATCH", connectionType: "INTERNET" },
      };
      store.put(ctx, "resource", api.id, resource.id, resource);
    }
    createDeployment(ctx, api.id, { stageName: stage });
    return api.id;
  });
}

/** Forwards requests on the API's own port to its invoke URL on the main port. */
function listenOwnPort(env: ServiceEnv, port: number, target: () => string): Promise<Server> {
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && k !== "host" && k !== "connection" && k !== "content-length") headers[k] = Array.isArray(v) ? v.join(", ") : v;
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      fetch(`${target()}${req.url ?? "/"}`, { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : body, redirect: "manual" })
        .then(async (answer) => {
          const out: Record<string, string | string[]> = {};
          answer.headers.forEach((v, k) => {
            if (k !== "set-cookie" && k !== "content-encoding" && k !== "transfer-encoding" && k !== "connection" && k !== "keep-alive") out[k] = v;
          });
          const cookies = answer.headers.getSetCookie();
          if (cookies.length) out["set-cookie"] = cookies;
          const buffer = Buffer.from(await answer.arrayBuffer());
          out["content-length"] = String(buffer.length);
          res.writeHead(answer.status, out).end(buffer);
        })
        .catch(() => res.writeHead(502, { "content-type": "application/json" }).end('{"message":"Internal Server Error"}'));
    });
  });
  // WebSocket handshakes are passed on byte for byte, with the path moved under the stage's URL.
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const base = new URL(target());
    const upstream = connect(Number(base.port || 80), base.hostname, () => {
      const lines = [`${req.method ?? "GET"} ${base.pathname.replace(/\/$/, "")}${req.url === "/" ? "" : (req.url ?? "")} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    const close = (): void => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on("error", close);
    socket.on("error", close);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, env.settings.host, () => resolve(server));
  });
}

export async function startConfigApis(env: ServiceEnv, gateway: ApigwState): Promise<void> {
  const declared = (env.settings.config.apis ?? {}) as Record<string, DeclaredApi>;
  const scope = { accountId: env.settings.accountId, region: env.settings.region };
  const ctx = contextFor(env, scope, gateway);
  const started: Server[] = [];
  gateway.configServers = started;
  for (const [name, d] of Object.entries(declared)) {
    if (!d || typeof d !== "object" || !/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
      env.log.error({ api: name }, "config API needs a name of letters, digits, - and _, and an object; skipped");
      continue;
    }
    try {
      const rest = d.type === "rest";
      const websocket = d.type === "websocket";
      const stage = rest || websocket ? d.stage ?? "local" : "$default";
      const apiId = rest ? installRest(ctx, name, d, stage) : installV2(ctx, name, d, stage);
      const urls = stageUrls(env.endpoint(), apiId, stage, websocket);
      if (typeof d.port === "number") {
        started.push(await listenOwnPort(env, d.port, () => stageUrls(env.endpoint(), apiId, stage).url));
        env.log.info({ api: name, apiId, url: urls.url, port: `${websocket ? "ws" : "http"}://${env.settings.host}:${d.port}` }, "API from the config file");
      } else {
        env.log.info({ api: name, apiId, url: urls.url }, "API from the config file");
      }
    } catch (err) {
      env.log.error({ err, api: name }, "config API could not be installed; skipped");
    }
  }
}

export async function stopConfigApis(gateway: ApigwState): Promise<void> {
  const list = gateway.configServers;
  gateway.configServers = [];
  await Promise.all(list.map((s) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); })));
}
