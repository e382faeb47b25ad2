import type { CreateBackupInput, CreateBackupOutput } from "@aws-sdk/client-dynamodb";
import { backupDetails, createBackup, tableNotFound, type BackupMeta } from "../backups.js";
import { tableNameOf } from "../tables.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const createBackupOperation = dynamoOperation<CreateBackupInput, CreateBackupOutput>({
  name: "CreateBackup",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.tableName(input.TableName);
    c.tableName(input.BackupName, "backupName");
    c.throwIfAny();
    const name = tableNameOf(input.TableName!);
    const table = st.table(ctx.accountId, ctx.region, name);
    if (!table || table.deletingUntil !== undefined) throw tableNotFound(name);
    const row = createBackup(ctx, st, table, input.BackupName!);
    // AWS answers CREATING; DescribeBackup says AVAILABLE once the copy is done (at once for a small table).
    return { BackupDetails: backupDetails(row, JSON.parse(row.meta) as BackupMeta, "CREATING") } as CreateBackupOutput;
  },
});
