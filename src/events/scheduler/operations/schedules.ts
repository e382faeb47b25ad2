/** CreateSchedule, UpdateSchedule, GetSchedule, DeleteSchedule. */
import type { CreateScheduleInput, CreateScheduleOutput, DeleteScheduleInput, GetScheduleInput, GetScheduleOutput, UpdateScheduleInput } from "@aws-sdk/client-scheduler";
import type { RequestContext } from "../../../core/context.js";
import { schedulerErrors } from "../../errors.js";
import { eventsOperation, type EventsState } from "../../state.js";
import { nextScheduleFire } from "../firing.js";
import { DEFAULT_GROUP, NAME, scheduleArn, scheduleView, schedulerChecks, validateSchedule } from "../model.js";

function requireGroup(state: EventsState, ctx: RequestContext, group: string): void {
  if (group !== DEFAULT_GROUP && !state.es.getGroup.get(ctx.accountId, ctx.region, group)) throw schedulerErrors.notFound(`Schedule group ${group} does not exist.`);
}

function save(state: EventsState, input: CreateScheduleInput, ctx: RequestContext, mode: "create" | "update"): CreateScheduleOutput {
  const { stored } = validateSchedule(input);
  const { es } = state;
  const group = stored.GroupName;
  requireGroup(state, ctx, group);
  const existing = es.getSchedule.get(ctx.accountId, ctx.region, group, stored.Name);
  if (mode === "create" && existing) throw schedulerErrors.conflict(`Schedule ${stored.Name} already exists.`);
  if (mode === "update" && !existing) throw schedulerErrors.notFound(`Schedule ${stored.Name} does not exist.`);
  const now = ctx.clock.now();
  const anchor = stored.StartDate !== undefined ? Math.max(stored.StartDate, 0) : now;
  const next = nextScheduleFire(stored, now, anchor) ?? null;
  es.putSchedule.run(ctx.accountId, ctx.region, group, stored.Name, JSON.stringify(stored), existing?.created ?? now, now, anchor, next);
  state.rearmSchedule(ctx.accountId, ctx.region, group, stored.Name);
  return { ScheduleArn: scheduleArn(ctx, group, stored.Name) };
}

export const createSchedule = eventsOperation<CreateScheduleInput, CreateScheduleOutput>({
  name: "CreateSchedule",
  http: { method: "POST", path: "/schedules/{Name}" },
  handle: (input, ctx, state) => save(state, input, ctx, "create"),
});

export const updateSchedule = eventsOperation<UpdateScheduleInput, CreateScheduleOutput>({
  name: "UpdateSchedule",
  http: { method: "PUT", path: "/schedules/{Name}" },
  handle: (input, ctx, state) => save(state, input, ctx, "update"),
});

function lookup(state: EventsState, input: GetScheduleInput, ctx: RequestContext): string {
  schedulerChecks().string("name", input.Name, { min: 1, max: 64, pattern: NAME }).string("groupName", input.GroupName, { min: 1, max: 64, pattern: NAME }).done();
  const group = input.GroupName ?? DEFAULT_GROUP;
  requireGroup(state, ctx, group);
  return group;
}

export const getSchedule = eventsOperation<GetScheduleInput, GetScheduleOutput>({
  name: "GetSchedule",
  http: { method: "GET", path: "/schedules/{Name}", query: { groupName: "GroupName" } },
  handle(input, ctx, state) {
    const group = lookup(state, input, ctx);
    const row = state.es.getSchedule.get(ctx.accountId, ctx.region, group, input.Name);
    if (!row) throw schedulerErrors.notFound(`Schedule ${input.Name} does not exist.`);
    return scheduleView(ctx, row);
  },
});

export const deleteSchedule = eventsOperation<DeleteScheduleInput, Record<string, never>>({
  name: "DeleteSchedule",
  http: { method: "DELETE", path: "/schedules/{Name}", query: { groupName: "GroupName", clientToken: "ClientToken" } },
  handle(input, ctx, state) {
    const group = lookup(state, input, ctx);
    if (state.es.deleteSchedule.run(ctx.accountId, ctx.region, group, input.Name).changes === 0) throw schedulerErrors.notFound(`Schedule ${input.Name} does not exist.`);
    state.rearmSchedule(ctx.accountId, ctx.region, group, input.Name!);
    return {};
  },
});
