import type { DescribeLogStreamsRequest, DescribeLogStreamsResponse } from "@aws-sdk/client-cloudwatch-logs";
import { logsErrors } from "../errors.js";
import { groupFromNameOrIdentifier, toLogStream } from "../groups.js";
import { logsOperation } from "../state.js";
import type { StreamRow } from "../store.js";
import { cursorToken, parseCursorToken } from "../tokens.js";

export const describeLogStreams = logsOperation<DescribeLogStreamsRequest, DescribeLogStreamsResponse>({
  name: "DescribeLogStreams",
  handle(input, ctx, state) {
    const { ls } = state;
    const group = groupFromNameOrIdentifier(ls, ctx, input);
    const orderBy = input.orderBy ?? "LogStreamName";
    const prefix = input.logStreamNamePrefix ?? "";
    if (orderBy === "LastEventTime" && input.logStreamNamePrefix !== undefined) {
      throw logsErrors.invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
    const limit = input.limit ?? 50;
    let rows: StreamRow[];
    let nextToken: string | undefined;
    if (orderBy === "LogStreamName") {
      const after = input.nextToken === undefined ? null : parseCursorToken<{ after: string }>(input.nextToken, { after: "string" }).after;
      const stmt = input.descending ? ls.streamsByNameDesc : ls.streamsByName;
      rows = stmt.all({ groupId: group.id, prefixLength: [...prefix].length, prefix, after, limit: limit + 1 });
      if (rows.length > limit) {
        rows = rows.slice(0, limit);
        nextToken = cursorToken({ after: rows[rows.length - 1]!.name });
      }
    } else {
      // Streams without events sort as the oldest (our choice; AWS does not say); ties keep name order.
      const offset = input.nextToken === undefined ? 0 : parseCursorToken<{ offset: number }>(input.nextToken, { offset: "number" }).offset;
      const all = ls.streamsOfGroup.all(group.id).sort((a, b) => (a.last_event ?? -1) - (b.last_event ?? -1) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      if (input.descending) all.reverse();
      rows = all.slice(offset, offset + limit);
      if (offset + limit < all.length) nextToken = cursorToken({ offset: offset + limit });
    }
    return { logStreams: rows.map((r) => toLogStream(ctx, group.name, r)), nextToken };
  },
});
