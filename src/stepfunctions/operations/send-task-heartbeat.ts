import type { SendTaskHeartbeatInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { sfnErrors } from "../errors.js";
import { openTask } from "./task-tokens.js";

export const sendTaskHeartbeat = sfnOperation<SendTaskHeartbeatInput, Record<string, never>>({
  name: "SendTaskHeartbeat",
  handle(input, ctx, engine) {
    const { token } = openTask(engine, input.taskToken);
    if (!engine.tokens.heartbeat(token)) throw sfnErrors.taskGone();
    return {};
  },
});
