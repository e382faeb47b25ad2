import { describeExport } from "./describe-export.js";
import { describeImport } from "./describe-import.js";
import { exportTableToPointInTime } from "./export-table-to-point-in-time.js";
import { importTable } from "./import-table.js";
import { listExports } from "./list-exports.js";
import { listImports } from "./list-imports.js";
import { createBackupOperation } from "./create-backup.js";
import { deleteBackup } from "./delete-backup.js";
import { describeBackup } from "./describe-backup.js";
import { describeContinuousBackups } from "./describe-continuous-backups.js";
import { listBackups } from "./list-backups.js";
import { restoreTableFromBackup } from "./restore-table-from-backup.js";
import { restoreTableToPointInTime } from "./restore-table-to-point-in-time.js";
import { updateContinuousBackups } from "./update-continuous-backups.js";
import { batchExecuteStatement } from "./batch-execute-statement.js";
import { batchGetItem } from "./batch-get-item.js";
import { batchWriteItem } from "./batch-write-item.js";
import { createTable } from "./create-table.js";
import { deleteItem } from "./delete-item.js";
import { deleteTable } from "./delete-table.js";
import { describeEndpoints } from "./describe-endpoints.js";
import { describeLimits } from "./describe-limits.js";
import { describeTable } from "./describe-table.js";
import { describeTimeToLive } from "./describe-time-to-live.js";
import { executeStatement } from "./execute-statement.js";
import { executeTransaction } from "./execute-transaction.js";
import { getItem } from "./get-item.js";
import { listTables } from "./list-tables.js";
import { listTagsOfResource } from "./list-tags-of-resource.js";
import { putItem } from "./put-item.js";
import { query } from "./query.js";
import { scan } from "./scan.js";
import { tagResource } from "./tag-resource.js";
import { transactGetItems } from "./transact-get-items.js";
import { transactWriteItems } from "./transact-write-items.js";
import { untagResource } from "./untag-resource.js";
import { updateItem } from "./update-item.js";
import { updateTable } from "./update-table.js";
import { updateTimeToLive } from "./update-time-to-live.js";

export const operations = [
  createTable,
  describeTable,
  listTables,
  deleteTable,
  updateTable,
  putItem,
  getItem,
  deleteItem,
  updateItem,
  query,
  scan,
  batchGetItem,
  batchWriteItem,
  transactWriteItems,
  transactGetItems,
  tagResource,
  untagResource,
  listTagsOfResource,
  describeLimits,
  describeEndpoints,
  updateTimeToLive,
  describeTimeToLive,
  executeStatement,
  batchExecuteStatement,
  executeTransaction,
  createBackupOperation,
  describeBackup,
  listBackups,
  deleteBackup,
  restoreTableFromBackup,
  updateContinuousBackups,
  describeContinuousBackups,
  restoreTableToPointInTime,
  exportTableToPointInTime,
  describeExport,
  listExports,
  importTable,
  describeImport,
  listImports,
];
