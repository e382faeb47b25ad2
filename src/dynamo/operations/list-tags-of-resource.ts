import type { ListTagsOfResourceInput, ListTagsOfResourceOutput } from "@aws-sdk/client-dynamodb";
import { AwsError } from "../../core/errors.js";
import { tableByArn } from "../resources.js";
import { dynamoOperation } from "../state.js";

export const listTagsOfResource = dynamoOperation<ListTagsOfResourceInput, ListTagsOfResourceOutput>({
  name: "ListTagsOfResource",
  handle(input, ctx, st) {
    // DynamoDB answers a missing table's ARN as a resource the caller may not read.
    const table = tableByArn(st, ctx, input.ResourceArn, (arn) =>
      new AwsError("AccessDeniedException", `User: arn:aws:iam::${ctx.accountId}:root is not authorized to perform: dynamodb:ListTagsOfResource on resource: ${arn}`),
    );
    return { Tags: Object.entries(table.tags).map(([Key, Value]) => ({ Key, Value })) };
  },
});
