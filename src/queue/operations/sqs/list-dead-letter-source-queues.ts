import type { ListDeadLetterSourceQueuesRequest, ListDeadLetterSourceQueuesResult } from "@aws-sdk/client-sqs";
import { queueForUrl, queueUrl } from "../../sqs/queues.js";
import { deadLetterSources } from "../../sqs/redrive.js";
import { queueOperation } from "../../state.js";
import { afterToken, checkMaxResults, pageToken } from "./list-queues.js";

export const listDeadLetterSourceQueues = queueOperation<ListDeadLetterSourceQueuesRequest, ListDeadLetterSourceQueuesResult>({
  name: "ListDeadLetterSourceQueues",
  handle(input, ctx, state) {
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
