import type { DeleteTableInput, DeleteTableOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { resourceInUse, validation } from "../errors.js";
import { stateOf } from "../state.js";
import { controlTable, describeTable, tableStatus } from "../tables.js";

export const deleteTable = defineOperation<DeleteTableInput, DeleteTableOutput>({
  name: "DeleteTable",
  handle(input, ctx) {
    const st = stateOf(ctx);
    const table = controlTable(ctx, st, input.TableName);
    if (table.deletionProtection) {
      throw validation(`Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`);
    }
    const status = tableStatus(table, ctx.clock.now());
    if (status !== "ACTIVE") throw resourceInUse(`Attempt to change a resource which is still in use: Table is being ${status === "CREATING" ? "created" : "updated"}: ${table.name}`);
    const description = describeTable(ctx, st, table, "DELETING");
    ctx.store.txn(() => {
      st.sql.deleteTable.run(table.id);
      st.sql.deleteTableItems.run(table.id);
      st.sql.deleteTableIndexItems.run(table.id);
    });
    st.forgetTable(ctx.accountId, ctx.region, table.name);
    return { TableDescription: description as DeleteTableOutput["TableDescription"] };
  },
});
