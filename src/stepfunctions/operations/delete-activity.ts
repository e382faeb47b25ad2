import type { DeleteActivityInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { parseActivityArn } from "../arns.js";

export const deleteActivity = sfnOperation<DeleteActivityInput, Record<string, never>>({
  name: "DeleteActivity",
  handle(input, ctx, engine) {
    const arn = String(input.activityArn ?? "");
    parseActivityArn(arn);
    engine.store.deleteActivity.run(arn);
    return {};
  },
});
