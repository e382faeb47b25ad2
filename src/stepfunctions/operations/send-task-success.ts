import type { SendTaskSuccessInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { parseJson, type Json } from "../asl/json.js";
import { sfnErrors } from "../errors.js";
import { openTask } from "./task-tokens.js";

export const sendTaskSuccess = sfnOperation<SendTaskSuccessInput, Record<string, never>>({
  name: "SendTaskSuccess",
  handle(input, ctx, engine) {
    const { token } = openTask(engine, input.taskToken);
    if (typeof input.output !== "string") throw sfnErrors.missingParameter("output");
    if (Buffer.byteLength(input.output) > 256 * 1024) throw sfnErrors.invalidOutput("The output exceeds the maximum size of 262144 bytes");
    let output: Json;
    try {
      output = parseJson(input.output);
    } catch (err) {
      throw sfnErrors.invalidOutput((err as Error).message);
    }
    if (!engine.tokens.complete(token, { ok: true, output })) throw sfnErrors.taskGone();
    return {};
  },
});
