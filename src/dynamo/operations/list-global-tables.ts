import type { ListGlobalTablesInput, ListGlobalTablesOutput } from "@aws-sdk/client-dynamodb";
import { groupOf } from "../global-tables-2017.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const listGlobalTables = dynamoOperation<ListGlobalTablesInput, ListGlobalTablesOutput>({
  name: "ListGlobalTables",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.range(input.Limit, "limit", 1, 100);
    c.throwIfAny();
    const limit = input.Limit ?? 100;
    const found: { GlobalTableName: string; ReplicationGroup: { RegionName: string }[] }[] = [];
    let after = input.ExclusiveStartGlobalTableName ?? "";
    let more = false;
    // Table names of this region in order, a page at a time, until the page of global tables is full.
    for (;;) {
      const names = st.sql.listTables.all(ctx.accountId, ctx.region, after, 100).map((r) => r.name);
      for (const name of names) {
        const group = groupOf(ctx, st, name);
        if (!group || (input.RegionName !== undefined && !group.regions.includes(input.RegionName))) continue;
        if (found.length === limit) {
          more = true;
          break;
        }
        found.push({ GlobalTableName: name, ReplicationGroup: group.regions.map((RegionName) => ({ RegionName })) });
      }
      if (more || names.length < 100) break;
      after = names[names.length - 1]!;
    }
    return { GlobalTables: found, ...(more ? { LastEvaluatedGlobalTableName: found[found.length - 1]!.GlobalTableName } : {}) } as ListGlobalTablesOutput;
  },
});
