import type { FilteredLogEvent, FilterLogEventsRequest, FilterLogEventsResponse } from "@aws-sdk/client-cloudwatch-logs";
import { logsErrors } from "../errors.js";
import { compileFilterPattern, FilterPatternError, type MessagePredicate } from "../filter-pattern/index.js";
import { groupFromNameOrIdentifier } from "../groups.js";
import { MAX_BATCH_BYTES } from "../ingest.js";
import { logsOperation } from "../state.js";
import { cursorToken, eventId, parseCursorToken } from "../tokens.js";

const SCAN_BATCH = 1_000;
/** Rows examined per call; past it the page ends early with a nextToken, as AWS's partial pages do. */
const SCAN_BUDGET = 200_000;

export const filterLogEvents = logsOperation<FilterLogEventsRequest, FilterLogEventsResponse>({
  name: "FilterLogEvents",
  handle(input, ctx, state) {
    const { ls } = state;
    const group = groupFromNameOrIdentifier(ls, ctx, input);
    if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
      throw logsErrors.invalidParameter("LogStreamNames and LogStreamNamePrefix are mutually exclusive parameters.");
    }
    if (input.startTime !== undefined && input.endTime !== undefined && input.startTime > input.endTime) {
      throw logsErrors.invalidParameter("Start time must be less than or equal to end time.");
    }
    const matches = predicate(input.filterPattern ?? "");

    const names = new Map<number, string>();
    for (const s of ls.streamsOfGroup.all(group.id)) {
      const wanted = input.logStreamNames ? input.logStreamNames.includes(s.name) : s.name.startsWith(input.logStreamNamePrefix ?? "");
      if (wanted) names.set(s.id, s.name);
    }
    const limit = input.limit ?? 10_000;
    const endTime = input.endTime ?? Number.MAX_SAFE_INTEGER;
    let cursor = input.nextToken
      ? parseCursorToken<{ ts: number; id: number }>(input.nextToken, { ts: "number", id: "number" })
      : { ts: input.startTime ?? 0, id: 0 };
    if (!input.nextToken && cursor.ts > 0) cursor = { ts: cursor.ts - 1, id: Number.MAX_SAFE_INTEGER };

    const events: FilteredLogEvent[] = [];
    let bytes = 0;
    let scanned = 0;
    let more = names.size > 0;
    while (more) {
      const rows = ls.groupEventsFrom.all(group.id, cursor.ts, cursor.id, endTime, SCAN_BATCH);
      more = rows.length === SCAN_BATCH;
      let stopped = false;
      for (const row of rows) {
        const size = Buffer.byteLength(row.message, "utf8") + 26;
        const stream = names.get(row.stream_id);
        if (stream !== undefined && matches(row.message)) {
          if (events.length === limit || (bytes + size > MAX_BATCH_BYTES && events.length > 0)) {
            stopped = more = true;
            break;
          }
          bytes += size;
          events.push({ logStreamName: stream, timestamp: row.ts, message: row.message, ingestionTime: row.ingestion, eventId: eventId(row.ts, row.id) });
        }
        cursor = { ts: row.ts, id: row.id };
        scanned++;
      }
      if (stopped || scanned >= SCAN_BUDGET) break;
    }
    return { events, searchedLogStreams: [], nextToken: more ? cursorToken(cursor) : undefined };
  },
});

const compiled = new Map<string, MessagePredicate>();

function predicate(pattern: string): MessagePredicate {
  let p = compiled.get(pattern);
  if (!p) {
    try {
      p = compileFilterPattern(pattern);
    } catch (err) {
      if (err instanceof FilterPatternError) throw logsErrors.invalidParameter(err.message);
      throw err;
    }
    if (compiled.size >= 256) compiled.delete(compiled.keys().next().value!);
    compiled.set(pattern, p);
  }
  return p;
}
