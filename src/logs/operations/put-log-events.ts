import type { PutLogEventsRequest, PutLogEventsResponse } from "@aws-sdk/client-cloudwatch-logs";
import { requireGroup, requireStream, sequenceToken } from "../groups.js";
import { triageBatch, writeEvents } from "../ingest.js";
import { logsOperation } from "../state.js";
import type { Needs } from "../validate.js";

export const putLogEvents = logsOperation<Needs<PutLogEventsRequest, "logGroupName" | "logStreamName" | "logEvents">, PutLogEventsResponse>({
  name: "PutLogEvents",
  handle(input, ctx, state) {
    const { ls } = state;
    const now = ctx.clock.now();
    const group = requireGroup(ls, ctx, input.logGroupName);
    const stream = requireStream(ls, group, input.logStreamName);
    const { accepted, rejected } = triageBatch(input.logEvents, now, group.retention_days);
    let seq = stream.upload_seq;
    if (accepted.length > 0) {
      seq = ctx.store.txn(() => writeEvents(ls, group.id, stream.id, accepted, now));
      ctx.bus.publish("logs.EventsWritten", {
        accountId: ctx.accountId,
        region: ctx.region,
        logGroupName: group.name,
        logStreamName: stream.name,
        count: accepted.length,
      });
    }
    return { nextSequenceToken: sequenceToken(seq), rejectedLogEventsInfo: rejected };
  },
});
