import type { DeleteBackupInput, DeleteBackupOutput } from "@aws-sdk/client-dynamodb";
import { backupDescription, findBackup } from "../backups.js";
import { dynamoOperation } from "../state.js";

export const deleteBackup = dynamoOperation<DeleteBackupInput, DeleteBackupOutput>({
  name: "DeleteBackup",
  handle(input, ctx, st) {
    const { row, meta } = findBackup(ctx, st, input.BackupArn);
    ctx.store.txn(() => {
      st.backups.deleteBackupItems.run(row.id);
      st.backups.deleteBackup.run(row.id);
    });
    return { BackupDescription: backupDescription(row, meta, "DELETED") } as DeleteBackupOutput;
  },
});
