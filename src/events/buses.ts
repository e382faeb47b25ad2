/** Event bus and rule lookups shared by the operations. */
import type { Scope } from "../core/events.js";
import { busName, DEFAULT_BUS } from "./envelope.js";
import { eventsErrors } from "./errors.js";
import type { EventsState } from "./state.js";
import type { RuleRow } from "./store.js";

/** The bus's name if it exists (the default bus always does), else ResourceNotFoundException. */
export function requireBus(state: EventsState, scope: Scope, nameOrArn: string | undefined): string {
  const name = busName(nameOrArn);
  if (name === DEFAULT_BUS) return name;
  if (!state.es.getBus.get(scope.accountId, scope.region, name)) throw eventsErrors.busNotFound(name);
  return name;
}

export function requireRule(state: EventsState, scope: Scope, bus: string, rule: string): RuleRow {
  const row = state.es.getRule.get(scope.accountId, scope.region, bus, rule);
  if (!row) throw eventsErrors.ruleNotFound(rule, bus);
  return row;
}

/** Page tokens: the last name of the page, opaque to clients. */
export function encodeToken(last: string): string {
  return Buffer.from(JSON.stringify({ after: last })).toString("base64");
}

export function decodeToken(token: string | undefined): string {
  if (!token) return "";
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { after?: unknown };
    if (typeof parsed.after === "string") return parsed.after;
  } catch {
    // fall through
  }
  throw eventsErrors.validation("The nextToken provided is invalid.");
}

export function page<T>(rows: T[], limit: number | undefined, name: (row: T) => string): { items: T[]; next?: string } {
  const n = limit ?? 100;
  if (rows.length <= n) return { items: rows };
  const items = rows.slice(0, n);
  return { items, next: encodeToken(name(items[items.length - 1]!)) };
}

export function tagsObject(tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const t of tags ?? []) if (typeof t.Key === "string") out[t.Key] = t.Value ?? "";
  return out;
}
