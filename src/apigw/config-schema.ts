/** The `apis` section of the config file (read by config.ts). */
import type { ZodType } from "zod";

export async function apisConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  const cors = z.union([
    z.boolean(),
    z.strictObject({
      allowOrigins: z.array(z.string()).optional(),
      allowMethods: z.array(z.string()).optional(),
      allowHeaders: z.array(z.string()).optional(),
      exposeHeaders: z.array(z.string()).optional(),
      maxAge: z.number().int().min(-1).max(86400).optional(),
      allowCredentials: z.boolean().optional(),
    }),
  ]);
  const api = z.strictObject({
    type: z.enum(["http", "rest"]).optional(),
    /** Route key (`GET /items/{id}`, `$default` for HTTP APIs) → function name or ARN. */
    routes: z.record(z.string().regex(/^(\$default|(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) \/\S*)$/, 'expected "$default" or "METHOD /path"'), z.string().min(1)).optional(),
    cors: cors.optional(),
    /** Also serve the API at the root of this port. */
    port: z.number().int().min(1).max(65535).optional(),
    /** REST APIs: the stage name (default `local`). */
    stage: z.string().regex(/^[A-Za-z0-9_]+$/).optional(),
    payloadFormatVersion: z.enum(["1.0", "2.0"]).optional(),
  });
  return z.record(z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "expected letters, digits, - and _"), api);
}
