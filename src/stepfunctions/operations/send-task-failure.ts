import type { SendTaskFailureInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { StatesError } from "../asl/states-error.js";
import { constraint, sfnErrors } from "../errors.js";
import { openTask } from "./task-tokens.js";

export const sendTaskFailure = sfnOperation<SendTaskFailureInput, Record<string, never>>({
  name: "SendTaskFailure",
  handle(input, ctx, engine) {
    const { token } = openTask(engine, input.taskToken);
    if (input.error !== undefined && input.error.length > 256) throw constraint("error", input.error, "Member must have length less than or equal to 256");
    if (input.cause !== undefined && input.cause.length > 32768) throw constraint("cause", input.cause, "Member must have length less than or equal to 32768");
    if (!engine.tokens.complete(token, { ok: false, error: new StatesError(input.error ?? "", input.cause ?? "") })) throw sfnErrors.taskGone();
    return {};
  },
});
