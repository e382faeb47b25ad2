/**
 * Paging tokens. They are opaque to clients, but their shapes follow AWS's: GetLogEvents hands out
 * `f/<digits>/s` and `b/<digits>/s` (a position in the stream: the timestamp and ingestion order of
 * an event), Describe* and FilterLogEvents hand out opaque strings. A token we did not issue is an
 * InvalidParameterException.
 */
import { logsErrors } from "./errors.js";

/** A position between events: (ts, id) of the event just before (forward) or just after (backward). */
export interface StreamPosition {
  ts: number;
  id: number;
}

const POSITION_TOKEN = /^([fb])\/(\d{16})(\d{20})\/s$/;

export function positionToken(direction: "f" | "b", p: StreamPosition): string {
  return `${direction}/${String(p.ts).padStart(16, "0")}${String(p.id).padStart(20, "0")}/s`;
}

export function parsePositionToken(token: string): { direction: "f" | "b"; position: StreamPosition } {
  const m = POSITION_TOKEN.exec(token);
  if (!m) throw logsErrors.badNextToken();
  return { direction: m[1] as "f" | "b", position: { ts: Number(m[2]), id: Number(m[3]) } };
}

/** FilterLogEvents' eventId: digits that order like the events do. */
export function eventId(ts: number, id: number): string {
  return `${String(ts).padStart(16, "0")}${String(id).padStart(20, "0")}`;
}

/** An opaque token carrying a small JSON cursor. */
export function cursorToken(cursor: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

export function parseCursorToken<T extends Record<string, string | number>>(token: string, shape: Record<keyof T, "string" | "number">): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw logsErrors.badNextToken();
  }
  if (parsed === null || typeof parsed !== "object") throw logsErrors.badNextToken();
  for (const [key, kind] of Object.entries(shape)) {
    if (typeof (parsed as Record<string, unknown>)[key] !== kind) throw logsErrors.badNextToken();
  }
  return parsed as T;
}
