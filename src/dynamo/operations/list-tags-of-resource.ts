import type { ListTagsOfResourceInput, ListTagsOfResourceOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { AwsError } from "../../core/errors.js";
import { tableByArn } from "../resources.js";

export const listTagsOfResource = defineOperation<ListTagsOfResourceInput, ListTagsOfResourceOutput>({
  name: "ListTagsOfResource",
  handle(input, ctx) {
    // DynamoDB answers a missing table's ARN as a resource the caller may not read.
    const table = tableByArn(ctx, input.ResourceArn, (arn) =>
      new AwsError("AccessDeniedException", `User: arn:aws:iam::${ctx.accountId}:root is not authorized to perform: dynamodb:ListTagsOfResource on resource: ${arn}`),
    );
    return { Tags: Object.entries(table.tags).map(([Key, Value]) => ({ Key, Value })) };
  },
});
