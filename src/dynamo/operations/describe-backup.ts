import type { DescribeBackupInput, DescribeBackupOutput } from "@aws-sdk/client-dynamodb";
import { backupDescription, findBackup } from "../backups.js";
import { dynamoOperation } from "../state.js";

export const describeBackup = dynamoOperation<DescribeBackupInput, DescribeBackupOutput>({
  name: "DescribeBackup",
  handle(input, ctx, st) {
    const { row, meta } = findBackup(ctx, st, input.BackupArn);
    return { BackupDescription: backupDescription(row, meta) } as DescribeBackupOutput;
  },
});
