import type { GetLogEventsRequest, GetLogEventsResponse, OutputLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { groupFromNameOrIdentifier, requireStream } from "../groups.js";
import { MAX_BATCH_BYTES } from "../ingest.js";
import { logsOperation } from "../state.js";
import type { EventRow } from "../store.js";
import { parsePositionToken, positionToken, type StreamPosition } from "../tokens.js";
import type { Needs } from "../validate.js";

const START: StreamPosition = { ts: 0, id: 0 };
const END: StreamPosition = { ts: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };

/**
 * A page of one stream. Without a token it is the newest `limit` events (or the oldest with
 * startFromHead); `f/` and `b/` tokens page forward and backward from a position, and a page with
 * nothing new hands back the token it was given — which is how clients know they reached the end.
 */
export const getLogEvents = logsOperation<Needs<GetLogEventsRequest, "logStreamName">, GetLogEventsResponse>({
  name: "GetLogEvents",
  handle(input, ctx, state) {
    const { ls } = state;
    const group = groupFromNameOrIdentifier(ls, ctx, input);
    const stream = requireStream(ls, group, input.logStreamName);
    const limit = input.limit ?? 10_000;
    const from = input.startTime ?? 0;
    const to = input.endTime ?? Number.MAX_SAFE_INTEGER;

    const token = input.nextToken === undefined ? undefined : parsePositionToken(input.nextToken);
    const direction = token?.direction ?? (input.startFromHead ? "f" : "b");
    const position = token?.position ?? (direction === "f" ? START : END);
    let rows: EventRow[];
    if (direction === "f") {
      rows = capBytes(ls.eventsForward.all(stream.id, position.ts, position.id, from, to, limit));
    } else {
      rows = capBytes(ls.eventsBackward.all(stream.id, position.ts, position.id, from, to, limit)).reverse();
    }

    const events: OutputLogEvent[] = rows.map((r) => ({ timestamp: r.ts, message: r.message, ingestionTime: r.ingestion }));
    if (rows.length === 0) {
      const at = token ? position : START;
      return { events, nextForwardToken: positionToken("f", at), nextBackwardToken: positionToken("b", at) };
    }
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    return {
      events,
      nextForwardToken: positionToken("f", { ts: last.ts, id: last.id }),
      nextBackwardToken: positionToken("b", { ts: first.ts, id: first.id }),
    };
  },
});

/** A page holds at most 1 MB of messages (rows arrive in paging order). */
function capBytes(rows: EventRow[]): EventRow[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    bytes += Buffer.byteLength(rows[i]!.message, "utf8") + 26;
    if (bytes > MAX_BATCH_BYTES && i > 0) return rows.slice(0, i);
  }
  return rows;
}
