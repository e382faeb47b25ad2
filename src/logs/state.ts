/**
 * The service's per-server state: prepared statements and the id cache, keyed by the server's
 * Store (tests run several servers in one process, so nothing lives at module level).
 */
import type { Store } from "../core/db.js";
import { IdCache } from "./sink.js";
import { LogsStore } from "./store.js";

export interface LogsState {
  ls: LogsStore;
  ids: IdCache;
}

const states = new WeakMap<Store, LogsState>();

export function logsState(store: Store): LogsState {
  let state = states.get(store);
  if (!state) {
    state = { ls: new LogsStore(store), ids: new IdCache() };
    states.set(store, state);
  }
  return state;
}
