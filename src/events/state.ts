/**
 * The service's per-server state: statements, the deliveries outbox, the schedule timers, compiled
 * patterns. Built once per server by core (serviceWithState) and handed to every operation and hook.
 */
import { serviceWithState, type ServiceEnv } from "../core/service.js";
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

export const { service: eventsService, operation: eventsOperation } = serviceWithState<EventsState>();

export function createState(env: ServiceEnv): EventsState {
  const es = new EventsStore(env.store);
  return {
    es,
    env,
    outbox: new Outbox(es, env),
    timers: new KeyedTimers(env.clock),
    patterns: new Map(),
    rearmRule: () => {},
    rearmSchedule: () => {},
    unsubscribe: () => {},
  };
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
