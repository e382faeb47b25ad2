import type { DescribeBackupInput, DescribeBackupOutput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { backupDescription, findBackup } from "../backups.js";
import { stateOf } from "../state.js";

export const describeBackup = defineOperation<DescribeBackupInput, DescribeBackupOutput>({
  name: "DescribeBackup",
  handle(input, ctx) {
    const { row, meta } = findBackup(ctx, stateOf(ctx), input.BackupArn);
    return { BackupDescription: backupDescription(row, meta) } as DescribeBackupOutput;
  },
});
