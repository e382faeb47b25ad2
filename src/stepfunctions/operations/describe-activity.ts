import type { DescribeActivityInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { parseActivityArn } from "../arns.js";
import { sfnErrors } from "../errors.js";

export const describeActivity = sfnOperation<DescribeActivityInput, Record<string, unknown>>({
  name: "DescribeActivity",
  handle(input, ctx, engine) {
    const arn = String(input.activityArn ?? "");
    parseActivityArn(arn);
    const row = engine.store.activity.get(arn);
    if (!row) throw sfnErrors.activityNotFound(arn);
    return { activityArn: row.arn, name: row.name, creationDate: new Date(row.created) };
  },
});
