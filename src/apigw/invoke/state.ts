/** In-memory state of one server's data plane: compiled routers, authorizer results, buckets. */
import type { Store } from "../../core/db.js";
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

export interface DataPlaneState {
  throttles: Throttles;
  authorizations: Map<string, CachedAuthorization>;
  /** Compiled routers keyed by deployment id (REST) or `api id@generation` (HTTP APIs). */
  routers: Map<string, unknown>;
  /** REST API stage caches (responses by stage and cache key). */
  responses: StageCaches;
  /** The server's own base URL (AWS service integrations call local services through it). */
  endpoint: () => string;
}

const states = new WeakMap<Store, DataPlaneState>();

export function stateOf(store: Store): DataPlaneState {
  let state = states.get(store);
  if (!state) {
    const created: DataPlaneState = { throttles: new Throttles(), authorizations: new Map(), routers: new Map(), responses: new StageCaches(), endpoint: () => "http://127.0.0.1:4566" };
    store.onRestore(() => {
      created.throttles.clear();
      created.authorizations.clear();
      created.routers.clear();
      created.responses.clear();
    });
    states.set(store, (state = created));
  }
  return state;
}

/** A cached value, or `make()` stored under `key` (at most `max` entries; the oldest goes first). */
export function cached<T>(map: Map<string, unknown>, key: string, make: () => T, max = 256): T {
  if (map.has(key)) return map.get(key) as T;
  const value = make();
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
}
