import type { StartMessageMoveTaskRequest, StartMessageMoveTaskResult } from "@aws-sdk/client-sqs";
import { randomUUID } from "node:crypto";
import { sqsErrors } from "../../errors.js";
import { runMoveTask } from "../../sqs/move-tasks.js";
import { queueForArn } from "../../sqs/queues.js";
import { deadLetterSources } from "../../sqs/redrive.js";
import { queueOperation } from "../../state.js";

export const startMessageMoveTask = queueOperation<StartMessageMoveTaskRequest, StartMessageMoveTaskResult>({
  name: "StartMessageMoveTask",
  handle(input, ctx, state) {
    if (!input.SourceArn) throw sqsErrors.missingParameter("SourceArn");
    const source = queueForArn(state, input.SourceArn);
    if (!source) throw sqsErrors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    if (deadLetterSources(state, source).length === 0) {
      throw sqsErrors.invalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
    }
    if (input.DestinationArn && !queueForArn(state, input.DestinationArn)) {
      throw sqsErrors.resourceNotFound("The resource that you specified for the DestinationArn parameter doesn't exist.");
    }
    const rate = input.MaxNumberOfMessagesPerSecond;
    if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > 500)) {
      throw sqsErrors.invalidParameterValue("Value for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500.");
    }
    if (state.sql.moveTasksFor.all(ctx.accountId, ctx.region, source.arn, 1)[0]?.status === "RUNNING") {
      throw sqsErrors.unsupportedOperation("There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
    }
    const handle = Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn: source.arn })).toString("base64");
    const toMove = state.sql.countAll.get(source.id)!.n;
    state.sql.insertMoveTask.run(handle, ctx.accountId, ctx.region, source.arn, input.DestinationArn ?? null, rate ?? null, toMove, ctx.clock.now());
    runMoveTask(state, handle);
    return { TaskHandle: handle };
  },
});
