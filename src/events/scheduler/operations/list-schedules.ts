import type { ListSchedulesInput, ListSchedulesOutput } from "@aws-sdk/client-scheduler";
import { schedulerErrors } from "../../errors.js";
import { eventsOperation } from "../../state.js";
import { DEFAULT_GROUP, NAME, scheduleSummary, schedulerChecks, type StoredSchedule } from "../model.js";

export function pageToken(token: string | undefined): string {
  if (!token) return "";
  try {
    const after = (JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { after?: unknown }).after;
    if (typeof after === "string") return after;
  } catch {
    // fall through
  }
  throw schedulerErrors.validation("Invalid NextToken.");
}

export function maxResults(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  schedulerChecks().int("maxResults", Number.isInteger(n) ? n : value, 1, 100).done();
  return n;
}

export const listSchedules = eventsOperation<ListSchedulesInput, ListSchedulesOutput>({
  name: "ListSchedules",
  http: { method: "GET", path: "/schedules", query: { ScheduleGroup: "GroupName", MaxResults: "MaxResults", NamePrefix: "NamePrefix", NextToken: "NextToken", State: "State" } },
  handle(input, ctx, state) {
    const limit = maxResults(input.MaxResults) ?? 100;
    schedulerChecks()
      .string("namePrefix", input.NamePrefix, { min: 1, max: 64, pattern: NAME })
      .string("groupName", input.GroupName, { min: 1, max: 64, pattern: NAME })
      .oneOf("state", input.State, ["ENABLED", "DISABLED"])
      .done();
    const { es } = state;
    if (input.GroupName && input.GroupName !== DEFAULT_GROUP && !es.getGroup.get(ctx.accountId, ctx.region, input.GroupName)) {
      throw schedulerErrors.notFound(`Schedule group ${input.GroupName} does not exist.`);
    }
    const rows = es.listSchedules.all(ctx.accountId, ctx.region, pageToken(input.NextToken)).filter((r) => {
      if (input.GroupName && r.grp !== input.GroupName) return false;
      if (input.NamePrefix && !r.name.startsWith(input.NamePrefix)) return false;
      return !input.State || (JSON.parse(r.config) as StoredSchedule).State === input.State;
    });
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const next = rows.length > limit && last ? Buffer.from(JSON.stringify({ after: `${last.grp}/${last.name}` })).toString("base64") : undefined;
    return { Schedules: items.map((r) => scheduleSummary(ctx, r)), ...(next ? { NextToken: next } : {}) };
  },
});
