/** The `kinesis` section of the config file (read by state.ts). */
import type { ZodType } from "zod";

export async function kinesisConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  return z.strictObject({
    /** How long a stream stays CREATING/UPDATING after a change (default 0: ACTIVE at once), for waiter tests. */
    statusDelayMs: z.number().int().nonnegative().optional(),
    /** How long a stream consumer stays CREATING after RegisterStreamConsumer, and DELETING after DeregisterStreamConsumer (default 5000). */
    consumerDelayMs: z.number().int().nonnegative().optional(),
    /** Enforce AWS's per-shard limits (writes 1 MiB or 1,000 records a second; GetRecords 5 calls and 2 MiB a second), measured on the clock (default false). */
    throughputLimits: z.boolean().optional(),
  });
}
