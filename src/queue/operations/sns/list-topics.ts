import type { ListTopicsInput, ListTopicsResponse } from "@aws-sdk/client-sns";
import { defineOperation } from "../../../core/service.js";
import { afterToken, pageToken } from "../../sns/query-shapes.js";
import { stateOf } from "../../state.js";

const PAGE = 100;

export const listTopics = defineOperation<ListTopicsInput, ListTopicsResponse>({
  name: "ListTopics",
  handle(input, ctx) {
    const rows = stateOf(ctx.store).sql.listTopics.all(ctx.accountId, ctx.region, afterToken(input.NextToken), PAGE + 1);
    const page = rows.slice(0, PAGE);
    return { Topics: page.map((r) => ({ TopicArn: r.arn })), NextToken: rows.length > PAGE ? pageToken(page[PAGE - 1]!.arn) : undefined };
  },
});
