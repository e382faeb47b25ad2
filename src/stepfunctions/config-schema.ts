/** The `stepfunctions` section of the config file. */
import type { ZodType } from "zod";

export async function stepFunctionsConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  return z.strictObject({
    /** SFN Local's mock configuration file (as SFN_MOCK_CONFIG); relative to the config file. */
    mockConfig: z.string().min(1).optional(),
    /** SFN Local's WAIT_TIME_SCALE: Wait states and retry intervals last this fraction of their time (0 skips them). */
    waitTimeScale: z.number().min(0).optional(),
  });
}
