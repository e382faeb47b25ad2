import type { DeleteTableInput, DeleteTableOutput } from "@aws-sdk/client-dynamodb";
import { systemBackupBeforeDelete } from "../backups.js";
import { validation } from "../errors.js";
import { controlTable, describeTable, requireActive } from "../tables.js";
import { dynamoOperation } from "../state.js";

export const deleteTable = dynamoOperation<DeleteTableInput, DeleteTableOutput>({
  name: "DeleteTable",
  handle(input, ctx, st) {
    const table = controlTable(ctx, st, input.TableName);
    if (table.deletionProtection) {
      throw validation(`Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.`);
    }
    const now = ctx.clock.now();
    requireActive(table, now);
    const description = describeTable(ctx, st, table, "DELETING");
    const delay = st.config.tableStatusDelayMs;
    const deleting = { ...table, deletingUntil: now + delay };
    // A backup still being copied takes the rest of the table's items before they go.
    systemBackupBeforeDelete(ctx, st, table);
    st.backupCopies.finishNow(table.id);
    ctx.store.txn(() => {
      st.sql.deleteTableItems.run(table.id);
      st.items.clear();
      st.sql.deleteTableIndexItems.run(table.id);
      if (delay > 0) st.saveTable(ctx.accountId, ctx.region, deleting);
      else st.sql.deleteTable.run(table.id);
    });
    if (delay > 0) st.armDeletion(ctx.accountId, ctx.region, deleting);
    else st.forgetTable(ctx.accountId, ctx.region, table.name);
    return { TableDescription: description as DeleteTableOutput["TableDescription"] };
  },
});
