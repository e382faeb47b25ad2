/**
 * An execution's event history with AWS's event types, ids and previousEventId, and each type's
 * details member (`TaskStateEntered` → `stateEnteredEventDetails`). STANDARD executions write
 * every event to SQLite as it happens; EXPRESS ones (and TestState) keep them in memory.
 */
import type { Json } from "../asl/json.js";
import type { SfnStore } from "../store.js";

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  type: string;
  timestamp: number;
  details?: Record<string, unknown>;
}

export const MAX_HISTORY_EVENTS = 25_000;

export class History {
  private lastId: number;
  readonly events: HistoryEvent[] = [];
  /** `keep` false: events are counted but not kept (an EXPRESS execution nobody reads them from). */
  constructor(
    private readonly now: () => number,
    private readonly persist?: { store: SfnStore; execution: string },
    startId = 0,
    private readonly keep = true,
  ) {
    this.lastId = startId;
  }

  /** False when events are only counted: callers skip building their details. */
  get recording(): boolean {
    return this.keep || this.persist !== undefined;
  }

  get count(): number {
    return this.lastId;
  }

  add(type: string, details: Record<string, unknown> | undefined, previous: number): number {
    if (!this.persist && !this.keep) return ++this.lastId;
    const event: HistoryEvent = { id: ++this.lastId, previousEventId: previous, type, timestamp: this.now(), details };
    if (this.persist) {
      this.persist.store.insertEvent.run(this.persist.execution, event.id, type, event.timestamp, previous, details ? JSON.stringify(details) : null);
    } else this.events.push(event);
    return event.id;
  }
}

const DETAILS_OVERRIDES: Record<string, string> = {
  ParallelStateStarted: "",
  ParallelStateSucceeded: "",
  ParallelStateFailed: "",
  ParallelStateAborted: "",
  MapStateSucceeded: "",
  MapStateFailed: "",
  MapStateAborted: "",
  WaitStateAborted: "",
};

/** The member of a HistoryEvent holding `type`'s details. */
export function detailsKey(type: string): string | undefined {
  if (type in DETAILS_OVERRIDES) return DETAILS_OVERRIDES[type] || undefined;
  if (type.endsWith("StateEntered")) return "stateEnteredEventDetails";
  if (type.endsWith("StateExited")) return "stateExitedEventDetails";
  return `${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`;
}

/** AWS's `{ truncated: false }` beside every input and output. */
export function withData(name: "input" | "output", value: Json | undefined, include = true): Record<string, unknown> {
  if (!include) return {};
  return { [name]: value === undefined ? undefined : JSON.stringify(value), [`${name}Details`]: { truncated: false } };
}
