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
    type: z.enum(["http", "rest", "websocket"]).optional(),
    /** Route key (`GET /items/{id}` or `$default`; WebSocket APIs: `$connect`, `sendMessage`, ...) → function name or ARN. */
    routes: z.record(z.string().min(1), z.string().min(1)).optional(),
    /** WebSocket APIs (default `$request.body.action`). */
    routeSelectionExpression: z.string().min(1).optional(),
    cors: cors.optional(),
    /** Also serve the API at the root of this port. */
    port: z.number().int().min(1).max(65535).optional(),
    /** REST and WebSocket APIs: the stage name (default `local`). */
    stage: z.string().regex(/^[A-Za-z0-9_-]+$/).optional(),
    payloadFormatVersion: z.enum(["1.0", "2.0"]).optional(),
  });
  return z.record(z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "expected letters, digits, - and _"), api);
}
