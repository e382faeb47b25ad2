/** The `kinesis` section of the config file (read by state.ts). */
import type { ZodType } from "zod";

export async function kinesisConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  return z.strictObject({
    /** How long a stream stays CREATING/UPDATING after a change (default 0: ACTIVE at once), for waiter tests. */
    statusDelayMs: z.number().int().nonnegative().optional(),
  });
}
