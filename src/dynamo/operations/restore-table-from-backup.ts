import type { RestoreTableFromBackupInput, RestoreTableFromBackupOutput } from "@aws-sdk/client-dynamodb";
import { backupInUse, backupStatus, findBackup, restoreTable, type RestoreOverrides } from "../backups.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const restoreTableFromBackup = dynamoOperation<RestoreTableFromBackupInput, RestoreTableFromBackupOutput>({
  name: "RestoreTableFromBackup",
  async handle(input, ctx, st) {
    const c = new Constraints();
    c.tableName(input.TargetTableName, "targetTableName");
    c.required(input.BackupArn, "backupArn");
    c.oneOf(input.BillingModeOverride, "billingModeOverride", ["PROVISIONED", "PAY_PER_REQUEST"]);
    c.throwIfAny();
    const { row, meta } = findBackup(ctx, st, input.BackupArn);
    if (backupStatus(meta) !== "AVAILABLE") throw backupInUse();
    const summary = { SourceBackupArn: row.arn, SourceTableArn: meta.source.arn, RestoreDateTime: ctx.clock.now() };
    const description = await restoreTable(ctx, st, meta.source, input.TargetTableName!, input as RestoreOverrides, summary, { backupId: row.id });
    return { TableDescription: description } as RestoreTableFromBackupOutput;
  },
});
