import type { ListTablesInput, ListTablesOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { stateOf } from "../state.js";
import { Constraints } from "../validation.js";

export const listTables = defineOperation<ListTablesInput, ListTablesOutput>({
  name: "ListTables",
  handle(input, ctx) {
    const c = new Constraints();
    c.range(input.Limit, "limit", 1, 100);
    c.tableName(input.ExclusiveStartTableName, "exclusiveStartTableName", false);
    c.throwIfAny();
    const limit = input.Limit ?? 100;
    const rows = stateOf(ctx).sql.listTables.all(ctx.accountId, ctx.region, input.ExclusiveStartTableName ?? "", limit + 1);
    const names = rows.slice(0, limit).map((r) => r.name);
    return rows.length > limit ? { TableNames: names, LastEvaluatedTableName: names[names.length - 1] } : { TableNames: names };
  },
});
