import type { GetExecutionHistoryInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { detailsKey, type HistoryEvent } from "../engine/history.js";
import { page } from "../paging.js";
import { requireExecution } from "./describe-execution.js";

/** AWS's wire form of a history event; without execution data, inputs and outputs are left out. */
export function wireEvent(event: HistoryEvent, includeData = true): Record<string, unknown> {
  const out: Record<string, unknown> = { timestamp: new Date(event.timestamp), type: event.type, id: event.id, previousEventId: event.previousEventId };
  const key = detailsKey(event.type);
  if (key && event.details) {
    let details = event.details;
    if (!includeData) {
      details = { ...details };
      for (const field of ["input", "output", "parameters", "inputDetails", "outputDetails"]) delete details[field];
    }
    out[key] = details;
  }
  return out;
}

export const getExecutionHistory = sfnOperation<GetExecutionHistoryInput, Record<string, unknown>>({
  name: "GetExecutionHistory",
  handle(input, ctx, engine) {
    const row = requireExecution(engine, ctx, String(input.executionArn ?? ""));
    const events: HistoryEvent[] = engine.store.history.all(row.arn).map((r) => ({
      id: r.id,
      previousEventId: r.previous,
      type: r.type,
      timestamp: r.ts,
      details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : undefined,
    }));
    if (input.reverseOrder) events.reverse();
    const { items, nextToken } = page(events, input.maxResults, input.nextToken);
    return { events: items.map((e) => wireEvent(e, input.includeExecutionData !== false)), ...(nextToken ? { nextToken } : {}) };
  },
});
