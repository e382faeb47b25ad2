import type { DescribeGlobalTableInput, DescribeGlobalTableOutput } from "@aws-sdk/client-dynamodb";
import { globalTableDescription } from "../global-tables-2017.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const describeGlobalTable = dynamoOperation<DescribeGlobalTableInput, DescribeGlobalTableOutput>({
  name: "DescribeGlobalTable",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.tableName(input.GlobalTableName, "globalTableName");
    c.throwIfAny();
    return { GlobalTableDescription: globalTableDescription(ctx, st, input.GlobalTableName!) } as DescribeGlobalTableOutput;
  },
});
