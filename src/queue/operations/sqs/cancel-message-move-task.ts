import type { CancelMessageMoveTaskRequest, CancelMessageMoveTaskResult } from "@aws-sdk/client-sqs";
import { defineOperation } from "../../../core/service.js";
import { sqsErrors } from "../../errors.js";
import { stateOf } from "../../state.js";

export const cancelMessageMoveTask = defineOperation<CancelMessageMoveTaskRequest, CancelMessageMoveTaskResult>({
  name: "CancelMessageMoveTask",
  handle(input, ctx) {
    const state = stateOf(ctx.store);
    if (!input.TaskHandle) throw sqsErrors.missingParameter("TaskHandle");
    const task = state.sql.moveTask.get(input.TaskHandle);
    if (!task || task.account !== ctx.accountId) throw sqsErrors.resourceNotFound("Task does not exist.");
    if (task.status !== "RUNNING") throw sqsErrors.unsupportedOperation("Only active tasks can be cancelled.");
    state.sql.updateMoveTask.run("CANCELLED", task.moved, null, task.handle);
    return { ApproximateNumberOfMessagesMoved: task.moved };
  },
});
