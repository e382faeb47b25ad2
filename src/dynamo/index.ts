/**
 * DynamoDB (awsJson1_0, `X-Amz-Target: DynamoDB_20120810.*`) on SQLite.
 *
 * Gaps:
 * - Export and import: DYNAMODB_JSON and CSV (no ION); see docs/dynamodb.md.
 * - Transactions conflict only with the opt-in `dynamodb.transactionWindowMs` (by default each one
 *   commits within its request); throughput enforcement (opt-in) has no burst capacity and
 *   ignores GSI throughput.
 * - The messages of ItemCollectionSizeLimitExceededException and of the 4 MB transaction limit are
 *   not documented by AWS; ours name the limit.
 *
 * By design:
 * - Tables become ACTIVE as soon as they are usable (configurable delay: config file key
 *   `dynamodb.tableStatusDelayMs`), because SDK waiters sleep 20 s after a non-ACTIVE first poll.
 * - DescribeTable's ItemCount/TableSizeBytes are exact and current (AWS refreshes them every ~6 h).
 * - Scan returns items in key order, not in hash order; parallel Scan segments partition by a
 *   hash of the partition key.
 * - The item-collection cap (10 GB) is configurable (`dynamodb.itemCollectionSizeLimitBytes`) so
 *   that handling code can be tested.
 * - Recently read items are kept in memory (item-cache.ts), invalidated by every write.
 * - Requests run one at a time on SQLite, so a single-row write needs no explicit transaction;
 *   writes that touch index rows, batches and transactions run in one SQLite transaction.
 *
 * Client quirks:
 * - Responses carry `x-amz-crc32`; the SDKs for Java and Go verify it.
 * - The JS SDK fills TransactWriteItems' ClientRequestToken itself, so every SDK transaction is
 *   idempotent for 10 minutes (same token and body answered from the token record).
 * - The AWS CLI 2.9 `wait table-exists` polls DescribeTable; with the default delay it returns at once.
 */
import { backupMigrations } from "./backup-store.js";
import { transferMigrations } from "./transfer/store.js";
import { migrations } from "./store.js";
import { streamHeadMigrations } from "./streams/heads.js";
import { operations } from "./operations/index.js";
import { startReplication } from "./replication.js";
import { createState, dynamoService } from "./state.js";
import { dynamoModel } from "./validate-model.js";

export const service = dynamoService({
  name: "dynamodb",
  createState: (env) => createState(env),
  migrations: [...migrations, ...backupMigrations, ...transferMigrations, ...streamHeadMigrations],
  apis: [
    {
      id: "dynamodb",
      protocol: "awsJson1_0",
      endpointName: "dynamodb",
      errorNamespace: "com.amazonaws.dynamodb.v20120810",
      crc32: true,
      model: dynamoModel,
      operations,
    },
  ],
  start(env, st) {
    startReplication(env, () => st);
  },
  afterRestore(_env, st) {
    if (st.needsRearm) st.armDeletions();
  },
});
