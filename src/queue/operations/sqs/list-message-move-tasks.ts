import type { ListMessageMoveTasksRequest, ListMessageMoveTasksResult } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { describeTask } from "../../sqs/move-tasks.js";
import { queueForArn } from "../../sqs/queues.js";
import { queueOperation } from "../../state.js";

export const listMessageMoveTasks = queueOperation<ListMessageMoveTasksRequest, ListMessageMoveTasksResult>({
  name: "ListMessageMoveTasks",
  handle(input, ctx, state) {
    if (!input.SourceArn) throw sqsErrors.missingParameter("SourceArn");
    if (!queueForArn(state, input.SourceArn)) throw sqsErrors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    const max = input.MaxResults ?? 1;
    if (!Number.isInteger(max) || max < 1 || max > 10) throw sqsErrors.invalidParameterValue("Value for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.");
    const rows = state.sql.moveTasksFor.all(ctx.accountId, ctx.region, input.SourceArn, max);
    return { Results: rows.map(describeTask) as ListMessageMoveTasksResult["Results"] };
  },
});
