/** The `dynamodbstreams` section of the config file (read by index.ts). */
import type { ZodType } from "zod";

export async function streamsConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  return z.strictObject({
    /** How long a shard stays open before it closes and a child opens (default 14400: four hours). */
    shardRolloverSeconds: z.number().positive().optional(),
  });
}
