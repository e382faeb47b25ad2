/**
 * Writing events: PutLogEvents' batch rules, and the one write path that PutLogEvents and the
 * LogSink port share (insert the events, move the stream's first/last timestamps, add the group's
 * stored bytes — in the caller's transaction).
 */
import type { InputLogEvent, RejectedLogEventsInfo } from "@aws-sdk/client-cloudwatch-logs";
import { logsErrors } from "./errors.js";
import type { LogsStore } from "./store.js";

export const MAX_BATCH_BYTES = 1_048_576;
export const EVENT_OVERHEAD_BYTES = 26;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TOO_NEW_MS = 2 * HOUR;
const TOO_OLD_MS = 14 * DAY;
const MAX_SPAN_MS = DAY;

export interface LogEvent {
  timestamp: number;
  message: string;
}

/** The batch size as AWS counts it: UTF-8 bytes of every message plus 26 per event. */
export function batchBytes(events: readonly LogEvent[]): number {
  let total = 0;
  for (const e of events) total += Buffer.byteLength(e.message, "utf8") + EVENT_OVERHEAD_BYTES;
  return total;
}

export interface Triage {
  accepted: LogEvent[];
  rejected: RejectedLogEventsInfo | undefined;
}

/**
 * Applies the rules that come after the request's shape is valid: the batch must be chronological
 * (or it fails); events more than 2 hours ahead, older than 14 days, or older than the group's
 * retention are left out and reported by index; what remains must not span more than 24 hours.
 */
export function triageBatch(events: readonly InputLogEvent[], now: number, retentionDays: number | null): Triage {
  const batch = events as LogEvent[];
  for (let i = 1; i < batch.length; i++) {
    if (batch[i]!.timestamp < batch[i - 1]!.timestamp) {
      throw logsErrors.invalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
    }
  }
  const size = batchBytes(batch);
  if (size > MAX_BATCH_BYTES) throw logsErrors.invalidParameter(`Upload too large: ${size} bytes exceeds limit of ${MAX_BATCH_BYTES}`);

  let tooOldEnd = -1;
  let expiredEnd = -1;
  let tooNewStart = batch.length;
  const expiredBefore = retentionDays === null ? -Infinity : now - retentionDays * DAY;
  for (let i = 0; i < batch.length; i++) {
    const ts = batch[i]!.timestamp;
    if (ts < now - TOO_OLD_MS) tooOldEnd = i;
    if (ts < expiredBefore) expiredEnd = i;
    if (ts > now + TOO_NEW_MS && tooNewStart === batch.length) tooNewStart = i;
  }
  const first = Math.max(tooOldEnd, expiredEnd) + 1;
  const accepted = first < tooNewStart ? batch.slice(first, tooNewStart) : [];
  if (accepted.length > 1 && accepted[accepted.length - 1]!.timestamp - accepted[0]!.timestamp > MAX_SPAN_MS) {
    throw logsErrors.invalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
  }
  const rejected: RejectedLogEventsInfo = {};
  if (tooOldEnd >= 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
  if (expiredEnd >= 0) rejected.expiredLogEventEndIndex = expiredEnd;
  if (tooNewStart < batch.length) rejected.tooNewLogEventStartIndex = tooNewStart;
  return { accepted, rejected: Object.keys(rejected).length > 0 ? rejected : undefined };
}

/**
 * Stores `events` in one stream. Run inside a transaction. Returns the stream's new upload
 * sequence number.
 */
export function writeEvents(ls: LogsStore, groupId: number, streamId: number, events: readonly LogEvent[], now: number): number {
  const { bytes, seq } = insertEvents(ls, streamId, groupId, events, now);
  ls.addStoredBytes.run(bytes, groupId);
  return seq;
}

/** Rows per INSERT statement (one prepared statement per row count up to this). */
const MAX_ROWS_PER_INSERT = 16;

/**
 * Inserts the events and moves the stream's timestamps, leaving the group's stored bytes to the
 * caller (a batch over many streams of one group adds them once). Run inside a transaction.
 */
export function insertEvents(ls: LogsStore, streamId: number, groupId: number, events: readonly LogEvent[], now: number): { bytes: number; seq: number } {
  let min = Infinity;
  let max = -Infinity;
  let bytes = 0;
  for (let i = 0; i < events.length; i += MAX_ROWS_PER_INSERT) {
    const chunk = events.length <= MAX_ROWS_PER_INSERT ? events : events.slice(i, i + MAX_ROWS_PER_INSERT);
    const params: (string | number)[] = [];
    for (const e of chunk) {
      params.push(groupId, streamId, e.timestamp, now, e.message);
      if (e.timestamp < min) min = e.timestamp;
      if (e.timestamp > max) max = e.timestamp;
      bytes += Buffer.byteLength(e.message, "utf8");
    }
    if (chunk.length === 1) ls.insertEvent.run(...params);
    else ls.insertEvents.get(chunk.length).run(...params);
  }
  const row = ls.recordWrite.get({ first: min, last: max, now, streamId });
  return { bytes, seq: row?.upload_seq ?? 0 };
}
