/** The `dynamodb` section of the config file (read by state.ts readConfig). */
import type { ZodType } from "zod";

export async function dynamodbConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  return z.strictObject({
    /** CREATING/DELETING/UPDATING last this long (default 0: tables are ACTIVE at once). */
    tableStatusDelayMs: z.number().int().nonnegative().optional(),
    /** Provisioned tables throttle past their capacity (ProvisionedThroughputExceededException). */
    enforceThroughput: z.boolean().optional(),
    /** An item collection (LSI tables) may hold this many bytes (default 10 GiB). */
    itemCollectionSizeLimitBytes: z.number().int().positive().optional(),
    /** How long a TransactWriteItems holds its items (default 0). */
    transactionWindowMs: z.number().nonnegative().optional(),
    /** How often the TTL sweeper looks for expired items. */
    ttlSweepIntervalSeconds: z.number().positive().optional(),
    /** Global tables: how long a write takes to reach the other replicas (default 0: at once, asynchronously). */
    replicationDelayMs: z.number().nonnegative().optional(),
    /** Backup copies, restores and imports work in chunks of this many items between requests (default 5000). */
    bulkChunkItems: z.number().int().positive().optional(),
    /** 0 (default): the next chunk as soon as waiting requests are answered; more: this long after, on the clock. */
    bulkChunkDelayMs: z.number().nonnegative().optional(),
  });
}
