import type { CancelMessageMoveTaskRequest, CancelMessageMoveTaskResult } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { queueOperation } from "../../state.js";

export const cancelMessageMoveTask = queueOperation<CancelMessageMoveTaskRequest, CancelMessageMoveTaskResult>({
  name: "CancelMessageMoveTask",
  handle(input, ctx, state) {
    if (!input.TaskHandle) throw sqsErrors.missingParameter("TaskHandle");
    const task = state.sql.moveTask.get(input.TaskHandle);
    if (!task || task.account !== ctx.accountId) throw sqsErrors.resourceNotFound("Task does not exist.");
    if (task.status !== "RUNNING") throw sqsErrors.unsupportedOperation("Only active tasks can be cancelled.");
    state.sql.updateMoveTask.run("CANCELLED", task.moved, null, task.handle);
    return { ApproximateNumberOfMessagesMoved: task.moved };
  },
});
