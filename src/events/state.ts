/**
 * The service's per-server state (tests run several servers in one process, so nothing lives at
 * module level): statements, the deliveries outbox, the schedule timers, compiled patterns.
 */
import type { Store } from "../core/db.js";
import { LocalAwsError } from "../core/errors.js";
import type { ServiceEnv } from "../core/service.js";
import { Outbox } from "./deliveries.js";
import { parsePattern, type CompiledPattern } from "./pattern/compile.js";
import { KeyedTimers } from "./timers.js";
import { EventsStore } from "./store.js";

export interface EventsState {
  es: EventsStore;
  env: ServiceEnv;
  outbox: Outbox;
  timers: KeyedTimers;
  patterns: Map<string, CompiledPattern>;
  /** Set by the index: arms or cancels a scheduled rule / a schedule after a change. */
  rearmRule(account: string, region: string, bus: string, name: string): void;
  rearmSchedule(account: string, region: string, group: string, name: string): void;
  /** Removes the settle hook (at stop). */
  unsubscribe(): void;
}

const states = new WeakMap<Store, EventsState>();

export function createState(env: ServiceEnv): EventsState {
  const es = new EventsStore(env.store);
  const state: EventsState = {
    es,
    env,
    outbox: new Outbox(es, env),
    timers: new KeyedTimers(env.clock),
    patterns: new Map(),
    rearmRule: () => {},
    rearmSchedule: () => {},
    unsubscribe: () => {},
  };
  states.set(env.store, state);
  return state;
}

export function eventsState(store: Store): EventsState {
  const state = states.get(store);
  if (!state) throw new LocalAwsError("LA_ERR_NOT_STARTED", "the events service has not started on this server");
  return state;
}

/** A stored (already validated) pattern, compiled once. */
export function compiled(state: EventsState, text: string): CompiledPattern {
  let p = state.patterns.get(text);
  if (!p) {
    p = parsePattern(text);
    if (state.patterns.size > 10_000) state.patterns.clear();
    state.patterns.set(text, p);
  }
  return p;
}
