import type { DeleteBackupInput, DeleteBackupOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { backupDescription, findBackup } from "../backups.js";
import { stateOf } from "../state.js";

export const deleteBackup = defineOperation<DeleteBackupInput, DeleteBackupOutput>({
  name: "DeleteBackup",
  handle(input, ctx) {
    const st = stateOf(ctx);
    const { row, meta } = findBackup(ctx, st, input.BackupArn);
    ctx.store.txn(() => {
      st.backups.deleteBackupItems.run(row.id);
      st.backups.deleteBackup.run(row.id);
    });
    return { BackupDescription: backupDescription(row, meta, "DELETED") } as DeleteBackupOutput;
  },
});
