import type { ListTopicsInput, ListTopicsResponse } from "@aws-sdk/client-sns";
import { afterToken, pageToken } from "../../sns/query-shapes.js";
import { queueOperation } from "../../state.js";

const PAGE = 100;

export const listTopics = queueOperation<ListTopicsInput, ListTopicsResponse>({
  name: "ListTopics",
  handle(input, ctx, state) {
    const rows = state.sql.listTopics.all(ctx.accountId, ctx.region, afterToken(input.NextToken), PAGE + 1);
    const page = rows.slice(0, PAGE);
    return { Topics: page.map((r) => ({ TopicArn: r.arn })), NextToken: rows.length > PAGE ? pageToken(page[PAGE - 1]!.arn) : undefined };
  },
});
