import type { DeleteBackupInput, DeleteBackupOutput } from "@aws-sdk/client-dynamodb";
import { backupDescription, backupInUse, backupStatus, findBackup } from "../backups.js";
import { dynamoOperation } from "../state.js";

export const deleteBackup = dynamoOperation<DeleteBackupInput, DeleteBackupOutput>({
  name: "DeleteBackup",
  handle(input, ctx, st) {
    const { row, meta } = findBackup(ctx, st, input.BackupArn);
    if (backupStatus(meta) !== "AVAILABLE") throw backupInUse();
    ctx.store.txn(() => {
      st.backups.deleteBackupItems.run(row.id);
      st.backups.deleteBackup.run(row.id);
    });
    return { BackupDescription: backupDescription(row, meta, "DELETED") } as DeleteBackupOutput;
  },
});
