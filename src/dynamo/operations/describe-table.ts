import type { DescribeTableInput, DescribeTableOutput } from "@aws-sdk/client-dynamodb";
import { controlTable, describeTable as describe } from "../tables.js";
import { dynamoOperation } from "../state.js";

export const describeTable = dynamoOperation<DescribeTableInput, DescribeTableOutput>({
  name: "DescribeTable",
  handle(input, ctx, st) {
    const table = controlTable(ctx, st, input.TableName);
    return { Table: describe(ctx, st, table) as DescribeTableOutput["Table"] };
  },
});
