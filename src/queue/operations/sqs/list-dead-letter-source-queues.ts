import type { ListDeadLetterSourceQueuesRequest, ListDeadLetterSourceQueuesResult } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../../core/service.js";
import { queueForUrl, queueUrl } from "../../sqs/queues.js";
import { deadLetterSources } from "../../sqs/redrive.js";
import { stateOf } from "../../state.js";
import { afterToken, checkMaxResults, pageToken } from "./list-queues.js";

export const listDeadLetterSourceQueues = defineOperation<ListDeadLetterSourceQueuesRequest, ListDeadLetterSourceQueuesResult>({
  name: "ListDeadLetterSourceQueues",
  toQuery: (o) => ({ QueueUrl: o.queueUrls, NextToken: o.NextToken }),
  handle(input, ctx) {
    const state = stateOf(ctx.store);
    const dlq = queueForUrl(state, input.QueueUrl, ctx);
    const max = checkMaxResults(input.MaxResults);
    const after = afterToken(input.NextToken);
    const sources = deadLetterSources(state, dlq).filter((q) => q.name > after);
    const page = sources.slice(0, max ?? 1000);
    return {
      queueUrls: page.map((q) => queueUrl(ctx.endpoint, q)),
      NextToken: max !== undefined && sources.length > max ? pageToken(page[page.length - 1]!.name) : undefined,
    };
  },
});
