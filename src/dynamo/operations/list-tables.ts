import type { ListTablesInput, ListTablesOutput } from "@aws-sdk/client-dynamodb";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const listTables = dynamoOperation<ListTablesInput, ListTablesOutput>({
  name: "ListTables",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.range(input.Limit, "limit", 1, 100);
    c.tableName(input.ExclusiveStartTableName, "exclusiveStartTableName", false);
    c.throwIfAny();
    const limit = input.Limit ?? 100;
    const rows = st.sql.listTables.all(ctx.accountId, ctx.region, input.ExclusiveStartTableName ?? "", limit + 1);
    const names = rows.slice(0, limit).map((r) => r.name);
    return rows.length > limit ? { TableNames: names, LastEvaluatedTableName: names[names.length - 1] } : { TableNames: names };
  },
});
