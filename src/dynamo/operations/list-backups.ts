import type { ListBackupsInput, ListBackupsOutput } from "@aws-sdk/client-dynamodb";
import { backupExpired, backupStatus, type BackupMeta } from "../backups.js";
import { toMillis } from "../pitr.js";
import { tableNameOf } from "../tables.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const listBackups = dynamoOperation<ListBackupsInput, ListBackupsOutput>({
  name: "ListBackups",
  handle(input, ctx, st) {
    const c = new Constraints();
    c.tableName(input.TableName, "tableName", false);
    c.range(input.Limit, "limit", 1, 100);
    c.oneOf(input.BackupType, "backupType", ["USER", "SYSTEM", "AWS_BACKUP", "ALL"]);
    c.throwIfAny();
    const table = input.TableName === undefined ? undefined : tableNameOf(input.TableName);
    const lower = toMillis(input.TimeRangeLowerBound) ?? -Infinity;
    const upper = toMillis(input.TimeRangeUpperBound) ?? Infinity;
    const type = input.BackupType ?? "USER";
    const now = ctx.clock.now();
    let rows = st.backups.listBackups
      .all(ctx.accountId, ctx.region)
      .map((r) => ({ ...r, parsed: JSON.parse(r.meta) as BackupMeta }))
      .filter((r) => (table === undefined || r.table_name === table) && r.created >= lower && r.created < upper && !backupExpired(r.parsed, now))
      .filter((r) => type === "ALL" || (r.parsed.type ?? "USER") === type);
    if (input.ExclusiveStartBackupArn !== undefined) {
      const at = rows.findIndex((r) => r.arn === input.ExclusiveStartBackupArn);
      rows = at < 0 ? [] : rows.slice(at + 1);
    }
    const limit = input.Limit ?? 100;
    const page = rows.slice(0, limit);
    const summaries = page.map((r) => {
      const meta = r.parsed;
      return {
        TableName: meta.source.name,
        TableId: meta.source.tableId,
        TableArn: meta.source.arn,
        BackupArn: r.arn,
        BackupName: meta.name,
        BackupCreationDateTime: new Date(r.created),
        BackupStatus: backupStatus(meta),
        BackupType: meta.type ?? "USER",
        ...(meta.expiresAt !== undefined ? { BackupExpiryDateTime: new Date(meta.expiresAt) } : {}),
        BackupSizeBytes: meta.sizeBytes,
      };
    });
    return {
      BackupSummaries: summaries,
      ...(rows.length > limit ? { LastEvaluatedBackupArn: page[page.length - 1]!.arn } : {}),
    } as ListBackupsOutput;
  },
});
