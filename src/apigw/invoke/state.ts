/** In-memory state of one server's data plane (part of the service's state, see ../state.ts). */
import type { V2Snapshot } from "../v2/model.js";
import { WsRoutes } from "../ws/routes.js";
import { HttpRouter } from "./http-router.js";
import { StageCaches } from "./stage-cache.js";
import { Throttles } from "./throttle.js";

export interface CachedAuthorization {
  expiresAt: number;
  /** The authorizer's answer: a policy (REST) or `isAuthorized` (simple responses). */
  principalId?: string;
  policy?: unknown;
  allowed?: boolean;
  context: Record<string, unknown>;
  usageIdentifierKey?: string;
}

/** The data plane's in-memory state: compiled routers, authorizer results, buckets, stage caches. */
export class DataPlaneState {
  readonly throttles = new Throttles();
  readonly authorizations = new Map<string, CachedAuthorization>();
  /** Compiled routers keyed by deployment id (REST) or `api id@generation` (HTTP APIs). */
  readonly routers = new Map<string, unknown>();
  /** REST API stage caches (responses by stage and cache key). */
  readonly responses = new StageCaches();

  /** Compiled per snapshot object (snapshots are memoized until the documents change: no key to build per request). */
  private readonly httpRouters = new WeakMap<V2Snapshot, HttpRouter>();
  private readonly wsRouteSets = new WeakMap<V2Snapshot, WsRoutes>();

  /** `endpoint`: the server's own base URL (AWS service integrations call local services through it). */
  constructor(readonly endpoint: () => string) {}

  httpRouter(snapshot: V2Snapshot): HttpRouter {
    let router = this.httpRouters.get(snapshot);
    if (!router) this.httpRouters.set(snapshot, (router = new HttpRouter(snapshot.routes, snapshot.integrations)));
    return router;
  }

  wsRoutes(snapshot: V2Snapshot): WsRoutes {
    let routes = this.wsRouteSets.get(snapshot);
    if (!routes) this.wsRouteSets.set(snapshot, (routes = new WsRoutes(snapshot)));
    return routes;
  }

  clear(): void {
    this.throttles.clear();
    this.authorizations.clear();
    this.routers.clear();
    this.responses.clear();
  }
}

/** A cached value, or `make()` stored under `key` (at most `max` entries; the oldest goes first). */
export function cached<T>(map: Map<string, unknown>, key: string, make: () => T, max = 256): T {
  if (map.has(key)) return map.get(key) as T;
  const value = make();
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
}
