import type { SendTaskHeartbeatInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { sfnErrors } from "../errors.js";
import { openTask } from "./task-tokens.js";

export const sendTaskHeartbeat = defineOperation<SendTaskHeartbeatInput, Record<string, never>>({
  name: "SendTaskHeartbeat",
  handle(input, ctx) {
    const { engine, token } = openTask(ctx, input.taskToken);
    if (!engine.tokens.heartbeat(token)) throw sfnErrors.taskGone();
    return {};
  },
});
