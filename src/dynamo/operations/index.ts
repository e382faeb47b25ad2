import { batchGetItem } from "./batch-get-item.js";
import { batchWriteItem } from "./batch-write-item.js";
import { createTable } from "./create-table.js";
import { deleteItem } from "./delete-item.js";
import { deleteTable } from "./delete-table.js";
import { describeTable } from "./describe-table.js";
import { getItem } from "./get-item.js";
import { listTables } from "./list-tables.js";
import { putItem } from "./put-item.js";
import { query } from "./query.js";
import { scan } from "./scan.js";
import { transactGetItems } from "./transact-get-items.js";
import { transactWriteItems } from "./transact-write-items.js";
import { updateItem } from "./update-item.js";

export const operations = [createTable, describeTable, listTables, deleteTable, putItem, getItem, deleteItem, updateItem, query, scan, batchGetItem, batchWriteItem, transactWriteItems, transactGetItems];
