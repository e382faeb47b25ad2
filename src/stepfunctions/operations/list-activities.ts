import type { ListActivitiesInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { page } from "../paging.js";

export const listActivities = sfnOperation<ListActivitiesInput, Record<string, unknown>>({
  name: "ListActivities",
  handle(input, ctx, engine) {
    const { items, nextToken } = page(engine.store.activities.all(ctx.accountId, ctx.region), input.maxResults, input.nextToken);
    return { activities: items.map((a) => ({ activityArn: a.arn, name: a.name, creationDate: new Date(a.created) })), ...(nextToken ? { nextToken } : {}) };
  },
});
