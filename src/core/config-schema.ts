/**
 * The config file (`--config`) checked against schemas before the server starts: `settings` against
 * the start options' schema below, every other top-level key against the schema of the service that
 * declares it (`ServiceManifest.config`). An unknown key or a value of the wrong type is refused with
 * a message naming it, so a typo never silently falls back to a default. zod is loaded only when a
 * config file is given (it costs ~100 ms of start-up).
 */
import type { ZodType } from "zod";
import { LocalAwsError } from "./errors.js";
import type { ServiceManifest } from "./service.js";

/** The start options a config file's `settings` may set (the CLI flags, camelCase). */
export async function startOptionsSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  const list = z.union([z.array(z.string()), z.string()]);
  return z.strictObject({
    port: z.number().int().min(0).max(65535).optional(),
    host: z.string().min(1).optional(),
    dataDir: z.string().min(1).optional(),
    inMemory: z.boolean().optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "expected a region name such as us-east-1").optional(),
    account: z.string().regex(/^\d{12}$/, "expected 12 digits").optional(),
    virtualClock: z.boolean().optional(),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    corsOrigins: list.optional(),
    allowedHosts: list.optional(),
    tls: z.boolean().optional(),
    cognitoIssuer: z.enum(["aws", "local"]).optional(),
    cognitoCode: z.string().regex(/^\d{4,8}$/, "expected 4 to 8 digits").optional(),
    enforceIam: z.enum(["off", "on", "strict"]).optional(),
    sfnMockConfig: z.string().min(1).optional(),
    sfnWaitTimeScale: z.number().min(0).optional(),
  });
}

/** Top-level keys every config file may have besides the services' sections. */
const CORE_KEYS = ["settings", "$schema"];

/** Throws LocalAwsError (LA_ERR_CONFIG) naming the first wrong key or value of each bad section. */
export async function checkConfig(config: Record<string, unknown>, manifests: ServiceManifest[]): Promise<void> {
  const keys = Object.keys(config);
  if (keys.length === 0) return;
  const sections = new Map<string, () => Promise<ZodType>>([["settings", startOptionsSchema]]);
  for (const m of manifests) for (const [key, schema] of Object.entries(m.config ?? {})) sections.set(key, schema);
  const problems: string[] = [];
  for (const key of keys) {
    if (key === "$schema") continue;
    const schema = sections.get(key);
    if (!schema) {
      const known = [...CORE_KEYS.filter((k) => k !== "$schema"), ...[...sections.keys()].filter((k) => k !== "settings").sort()];
      problems.push(`unknown key "${key}" (known keys: ${known.join(", ")})`);
      continue;
    }
    const result = await (await schema()).safeParseAsync(config[key]);
    if (result.success) continue;
    for (const issue of result.error.issues.slice(0, 5)) {
      const path = [key, ...issue.path.map(String)].join(".");
      if (issue.code === "unrecognized_keys") for (const k of issue.keys) problems.push(`unknown key "${path}.${k}"`);
      else problems.push(`${path}: ${issue.message}`);
    }
  }
  if (problems.length > 0) throw new LocalAwsError("LA_ERR_CONFIG", `config file: ${problems.join("; ")}`);
}
