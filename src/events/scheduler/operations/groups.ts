/** Schedule groups: the implicit `default` group and the ones users create. */
import type {
  CreateScheduleGroupInput,
  CreateScheduleGroupOutput,
  DeleteScheduleGroupInput,
  GetScheduleGroupInput,
  GetScheduleGroupOutput,
  ListScheduleGroupsInput,
  ListScheduleGroupsOutput,
  ScheduleGroupSummary,
} from "@aws-sdk/client-scheduler";
import type { Scope } from "../../../core/events.js";
import { tagsObject } from "../../buses.js";
import { schedulerErrors } from "../../errors.js";
import { eventsOperation } from "../../state.js";
import type { GroupRow } from "../../store.js";
import { DEFAULT_GROUP, groupArn, NAME, schedulerChecks } from "../model.js";
import { maxResults, pageToken } from "./list-schedules.js";

function view(scope: Scope, name: string, row?: GroupRow): ScheduleGroupSummary {
  return {
    Arn: groupArn(scope, name),
    Name: name,
    State: "ACTIVE",
    ...(row ? { CreationDate: new Date(row.created), LastModificationDate: new Date(row.modified) } : {}),
  };
}

const checkName = (name: unknown): void => schedulerChecks().required("name", name).string("name", name, { min: 1, max: 64, pattern: NAME }).done();

export const createScheduleGroup = eventsOperation<CreateScheduleGroupInput, CreateScheduleGroupOutput>({
  name: "CreateScheduleGroup",
  http: { method: "POST", path: "/schedule-groups/{Name}" },
  handle(input, ctx, state) {
    checkName(input.Name);
    const { es } = state;
    if (input.Name === DEFAULT_GROUP || es.getGroup.get(ctx.accountId, ctx.region, input.Name)) throw schedulerErrors.conflict(`Schedule group ${input.Name} already exists.`);
    const now = ctx.clock.now();
    es.putGroup.run(ctx.accountId, ctx.region, input.Name, now, now, JSON.stringify(tagsObject(input.Tags)));
    return { ScheduleGroupArn: groupArn(ctx, input.Name!) };
  },
});

export const getScheduleGroup = eventsOperation<GetScheduleGroupInput, GetScheduleGroupOutput>({
  name: "GetScheduleGroup",
  http: { method: "GET", path: "/schedule-groups/{Name}" },
  handle(input, ctx, state) {
    checkName(input.Name);
    if (input.Name === DEFAULT_GROUP) return view(ctx, DEFAULT_GROUP);
    const row = state.es.getGroup.get(ctx.accountId, ctx.region, input.Name);
    if (!row) throw schedulerErrors.notFound(`Schedule group ${input.Name} does not exist.`);
    return view(ctx, row.name, row);
  },
});

/** Deletes the group and its schedules (AWS does so asynchronously; here at once). */
export const deleteScheduleGroup = eventsOperation<DeleteScheduleGroupInput, Record<string, never>>({
  name: "DeleteScheduleGroup",
  http: { method: "DELETE", path: "/schedule-groups/{Name}", query: { clientToken: "ClientToken" } },
  handle(input, ctx, state) {
    checkName(input.Name);
    if (input.Name === DEFAULT_GROUP) throw schedulerErrors.validation("You cannot delete the default group.");
    const { es } = state;
    if (!es.getGroup.get(ctx.accountId, ctx.region, input.Name)) throw schedulerErrors.notFound(`Schedule group ${input.Name} does not exist.`);
    const names = es.listSchedules.all(ctx.accountId, ctx.region, "").filter((r) => r.grp === input.Name).map((r) => r.name);
    es.store.txn(() => {
      es.deleteGroupSchedules.run(ctx.accountId, ctx.region, input.Name);
      es.deleteGroup.run(ctx.accountId, ctx.region, input.Name);
    });
    for (const name of names) state.rearmSchedule(ctx.accountId, ctx.region, input.Name!, name);
    return {};
  },
});

export const listScheduleGroups = eventsOperation<ListScheduleGroupsInput, ListScheduleGroupsOutput>({
  name: "ListScheduleGroups",
  http: { method: "GET", path: "/schedule-groups", query: { MaxResults: "MaxResults", NamePrefix: "NamePrefix", NextToken: "NextToken" } },
  handle(input, ctx, state) {
    const limit = maxResults(input.MaxResults) ?? 100;
    schedulerChecks().string("namePrefix", input.NamePrefix, { min: 1, max: 64, pattern: NAME }).done();
    const prefix = input.NamePrefix ?? "";
    const after = pageToken(input.NextToken);
    const all: ScheduleGroupSummary[] = [];
    if (DEFAULT_GROUP.startsWith(prefix) && DEFAULT_GROUP > after) all.push(view(ctx, DEFAULT_GROUP));
    for (const row of state.es.listGroups.all(ctx.accountId, ctx.region, after, prefix, prefix)) all.push(view(ctx, row.name, row));
    all.sort((a, b) => (a.Name! < b.Name! ? -1 : 1));
    const items = all.slice(0, limit);
    const next = all.length > limit ? Buffer.from(JSON.stringify({ after: items[items.length - 1]!.Name })).toString("base64") : undefined;
    return { ScheduleGroups: items, ...(next ? { NextToken: next } : {}) };
  },
});
