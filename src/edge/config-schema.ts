/** The `cloudfront` section of the config file (read by own-ports.ts). */
import type { ZodType } from "zod";

export async function cloudfrontConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  const distribution = z.strictObject({
    /** Also serve the distribution (the one with this CallerReference) at the root of this port. */
    port: z.number().int().min(1).max(65535).optional(),
  });
  return z.strictObject({
    /** CallerReference → settings. */
    distributions: z.record(z.string().min(1).max(128), distribution).optional(),
  });
}
