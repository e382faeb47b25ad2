import type { PutLogEventsRequest, PutLogEventsResponse } from "@aws-sdk/client-cloudwatch-logs";
import { requireGroup, requireStream, sequenceToken } from "../groups.js";
import { MAX_BATCH_EVENTS, triageBatch, writeEvents } from "../ingest.js";
import { logsOperation } from "../state.js";
import { check, checkGroupName, checkStreamName, type Needs } from "../validate.js";

export const putLogEvents = logsOperation<Needs<PutLogEventsRequest, "logGroupName" | "logStreamName" | "logEvents">, PutLogEventsResponse>({
  name: "PutLogEvents",
  handle(input, ctx, state) {
    const c = checkStreamName(checkGroupName(check(input)));
    c.required("logEvents").type("logEvents", "list").length("logEvents", 1, MAX_BATCH_EVENTS);
    c.type("sequenceToken", "string");
    if (Array.isArray(input.logEvents)) {
      input.logEvents.forEach((e, i) => {
        const at = `logEvents.${i + 1}.member`;
        if (e === null || typeof e !== "object") return void c.required(at, e);
        c.required(`${at}.timestamp`, e.timestamp).type(`${at}.timestamp`, "number", e.timestamp);
        c.required(`${at}.message`, e.message).type(`${at}.message`, "string", e.message).length(`${at}.message`, 1, undefined, e.message);
      });
    }
    c.done();
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
