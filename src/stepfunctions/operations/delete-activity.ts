import type { DeleteActivityInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { parseActivityArn } from "../arns.js";
import { sfn } from "../machines.js";

export const deleteActivity = defineOperation<DeleteActivityInput, Record<string, never>>({
  name: "DeleteActivity",
  handle(input, ctx) {
    const arn = String(input.activityArn ?? "");
    parseActivityArn(arn);
    sfn(ctx).store.deleteActivity.run(arn);
    return {};
  },
});
