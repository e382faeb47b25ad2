import type { DescribeTableInput, DescribeTableOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { stateOf } from "../state.js";
import { controlTable, describeTable as describe } from "../tables.js";

export const describeTable = defineOperation<DescribeTableInput, DescribeTableOutput>({
  name: "DescribeTable",
  handle(input, ctx) {
    const st = stateOf(ctx);
    const table = controlTable(ctx, st, input.TableName);
    return { Table: describe(ctx, st, table) as DescribeTableOutput["Table"] };
  },
});
