/** The `lambda` and `functions` sections of the config file (runtime-settings.ts readSettings, config-functions.ts). */
import type { ZodType } from "zod";

export async function lambdaConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  const count = z.number().int().positive();
  return z.strictObject({
    accountConcurrency: count.optional(),
    maxWorkers: count.optional(),
    idleSeconds: z.number().nonnegative().optional(),
    spareWorkers: z.number().int().nonnegative().optional(),
    workersPerFunction: count.optional(),
    environmentsPerWorker: count.optional(),
    prices: z
      .strictObject({ perMillionRequests: z.number().nonnegative(), perGbSecond: z.number().nonnegative(), freeRequests: z.number().nonnegative(), freeGbSeconds: z.number().nonnegative() })
      .partial()
      .optional(),
  });
}

export async function functionsConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  return z.record(
    z.string(),
    z.strictObject({
      handler: z.string().min(1),
      codePath: z.string().min(1),
      runtime: z.string().optional(),
      memorySize: z.number().int().optional(),
      timeout: z.number().int().optional(),
      environment: z.record(z.string(), z.string()).optional(),
      description: z.string().optional(),
      reservedConcurrency: z.number().int().nonnegative().optional(),
      deadLetterTargetArn: z.string().optional(),
    }),
  );
}
