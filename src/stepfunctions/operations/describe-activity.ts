import type { DescribeActivityInput } from "@aws-sdk/client-sfn";
import { defineOperation } from "../../core/service.js";
import { parseActivityArn } from "../arns.js";
import { sfnErrors } from "../errors.js";
import { sfn } from "../machines.js";

export const describeActivity = defineOperation<DescribeActivityInput, Record<string, unknown>>({
  name: "DescribeActivity",
  handle(input, ctx) {
    const arn = String(input.activityArn ?? "");
    parseActivityArn(arn);
    const row = sfn(ctx).store.activity.get(arn);
    if (!row) throw sfnErrors.activityNotFound(arn);
    return { activityArn: row.arn, name: row.name, creationDate: new Date(row.created) };
  },
});
