/** The `cognito` section of the config file (tokens.ts issuerOf, messages.ts fixedCode). */
import type { ZodType } from "zod";

export async function cognitoConfigSchema(): Promise<ZodType> {
  const { z } = await import("zod");
  return z.strictObject({
    /** "local": tokens' `iss` is this server's URL instead of AWS's. */
    issuer: z.enum(["aws", "local"]).optional(),
    /** A fixed verification / MFA code (4-8 digits) instead of random ones. */
    code: z.string().regex(/^\d{4,8}$/, "expected 4 to 8 digits").optional(),
  });
}
