/** The `stepfunctions` section of the config file (mock-config.ts). */
import type { ZodType } from "zod";

export async function stepFunctionsConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  return z.strictObject({
    /** SFN Local's mock configuration file, relative to the config file. */
    mockConfig: z.string().min(1).optional(),
  });
}
