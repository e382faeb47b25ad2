import type { ListActivitiesInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { sfn } from "../machines.js";
import { page } from "../paging.js";

export const listActivities = defineOperation<ListActivitiesInput, Record<string, unknown>>({
  name: "ListActivities",
  handle(input, ctx) {
    const { items, nextToken } = page(sfn(ctx).store.activities.all(ctx.accountId, ctx.region), input.maxResults, input.nextToken);
    return { activities: items.map((a) => ({ activityArn: a.arn, name: a.name, creationDate: new Date(a.created) })), ...(nextToken ? { nextToken } : {}) };
  },
});
