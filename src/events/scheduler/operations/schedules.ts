/** CreateSchedule, UpdateSchedule, GetSchedule, DeleteSchedule. */
import type { CreateScheduleInput, CreateScheduleOutput, DeleteScheduleInput, GetScheduleInput, GetScheduleOutput, UpdateScheduleInput } from "@aws-sdk/client-scheduler";
import type { RequestContext } from "../../../core/context.js";
import { defineOperation } from "../../../core/service.js";
import { schedulerErrors } from "../../errors.js";
import { eventsState, type EventsState } from "../../state.js";
import { nextScheduleFire } from "../firing.js";
import { DEFAULT_GROUP, NAME, scheduleArn, scheduleView, schedulerChecks, validateSchedule } from "../model.js";

function requireGroup(state: EventsState, ctx: RequestContext, group: string): void {
  if (group !== DEFAULT_GROUP && !state.es.getGroup.get(ctx.accountId, ctx.region, group)) throw schedulerErrors.notFound(`Schedule group ${group} does not exist.`);
}

function save(input: CreateScheduleInput, ctx: RequestContext, mode: "create" | "update"): CreateScheduleOutput {
  const { stored } = validateSchedule(input);
  const state = eventsState(ctx.store);
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

export const createSchedule = defineOperation<CreateScheduleInput, CreateScheduleOutput>({
  name: "CreateSchedule",
  http: { method: "POST", path: "/schedules/{Name}" },
  handle: (input, ctx) => save(input, ctx, "create"),
});

export const updateSchedule = defineOperation<UpdateScheduleInput, CreateScheduleOutput>({
  name: "UpdateSchedule",
  http: { method: "PUT", path: "/schedules/{Name}" },
  handle: (input, ctx) => save(input, ctx, "update"),
});

function lookup(input: GetScheduleInput, ctx: RequestContext): { state: EventsState; group: string } {
  schedulerChecks().string("name", input.Name, { min: 1, max: 64, pattern: NAME }).string("groupName", input.GroupName, { min: 1, max: 64, pattern: NAME }).done();
  const state = eventsState(ctx.store);
  const group = input.GroupName ?? DEFAULT_GROUP;
  requireGroup(state, ctx, group);
  return { state, group };
}

export const getSchedule = defineOperation<GetScheduleInput, GetScheduleOutput>({
  name: "GetSchedule",
  http: { method: "GET", path: "/schedules/{Name}", query: { groupName: "GroupName" } },
  handle(input, ctx) {
    const { state, group } = lookup(input, ctx);
    const row = state.es.getSchedule.get(ctx.accountId, ctx.region, group, input.Name);
    if (!row) throw schedulerErrors.notFound(`Schedule ${input.Name} does not exist.`);
    return scheduleView(ctx, row);
  },
});

export const deleteSchedule = defineOperation<DeleteScheduleInput, Record<string, never>>({
  name: "DeleteSchedule",
  http: { method: "DELETE", path: "/schedules/{Name}", query: { groupName: "GroupName", clientToken: "ClientToken" } },
  handle(input, ctx) {
    const { state, group } = lookup(input, ctx);
    if (state.es.deleteSchedule.run(ctx.accountId, ctx.region, group, input.Name).changes === 0) throw schedulerErrors.notFound(`Schedule ${input.Name} does not exist.`);
    state.rearmSchedule(ctx.accountId, ctx.region, group, input.Name!);
    return {};
  },
});
