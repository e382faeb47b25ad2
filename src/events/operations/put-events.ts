import type { PutEventsRequest, PutEventsRequestEntry, PutEventsResponse, PutEventsResultEntry } from "@aws-sdk/client-eventbridge";
import { busName, DEFAULT_BUS, envelope } from "../envelope.js";
import { eventsErrors } from "../errors.js";
import { routeEvent } from "../routing.js";
import { eventsOperation } from "../state.js";
import { Checks } from "../validate.js";

const MAX_TOTAL_BYTES = 256 * 1024;

/** AWS's size of an entry: 14 bytes for Time if given, plus the UTF-8 bytes of the other fields. */
function entrySize(e: PutEventsRequestEntry): number {
  const bytes = (s: unknown): number => (typeof s === "string" ? Buffer.byteLength(s) : 0);
  return (e.Time !== undefined ? 14 : 0) + bytes(e.Source) + bytes(e.DetailType) + bytes(e.Detail) + (Array.isArray(e.Resources) ? e.Resources.reduce((n, r) => n + bytes(r), 0) : 0);
}

function invalid(field: string): PutEventsResultEntry {
  return { ErrorCode: "InvalidArgument", ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
}

function timeOf(value: unknown, now: number): number {
  if (typeof value === "number") return value * 1000;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return now;
}

export const putEvents = eventsOperation<PutEventsRequest, PutEventsResponse>({
  name: "PutEvents",
  handle(input, ctx, state) {
    new Checks().required("entries", input.Entries).list("entries", input.Entries, 1, 10).done();
    const entries = input.Entries!;
    if (entries.reduce((n, e) => n + entrySize(e ?? {}), 0) > MAX_TOTAL_BYTES) throw eventsErrors.validation("Total size of the entries in the request is over the limit.");
    const now = ctx.clock.now();
    const results: PutEventsResultEntry[] = [];
    let queued = 0;
    state.es.store.txn(() => {
      for (const raw of entries) {
        const e = raw ?? {};
        if (typeof e.Source !== "string" || e.Source === "") results.push(invalid("Source"));
        else if (typeof e.DetailType !== "string" || e.DetailType === "") results.push(invalid("DetailType"));
        else if (typeof e.Detail !== "string" || e.Detail === "") results.push(invalid("Detail"));
        else if (e.Source.startsWith("aws.")) results.push({ ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "Not authorized for the source." });
        else {
          let detail: unknown;
          try {
            detail = JSON.parse(e.Detail);
          } catch {
            detail = undefined;
          }
          if (detail === null || typeof detail !== "object" || Array.isArray(detail)) {
            results.push({ ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." });
            continue;
          }
          const bus = busName(e.EventBusName);
          if (bus !== DEFAULT_BUS && !state.es.getBus.get(ctx.accountId, ctx.region, bus)) {
            results.push({ ErrorCode: "ResourceNotFoundException", ErrorMessage: `Event bus ${bus} does not exist.` });
            continue;
          }
          const resources = Array.isArray(e.Resources) ? e.Resources.filter((r): r is string => typeof r === "string") : [];
          const event = envelope(ctx, { source: e.Source, detailType: e.DetailType, detail, time: timeOf(e.Time, now), resources });
          queued += routeEvent(state, ctx, bus, event);
          results.push({ EventId: event.id });
        }
      }
    });
    if (queued > 0) state.outbox.kick();
    return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
  },
});
