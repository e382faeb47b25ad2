/**
 * AWS_IAM authorization of REST and HTTP API routes: the request's SigV4 signature (header or
 * presigned query) checked through the RequestAuthenticator port for the `execute-api` signing
 * name. Under `--enforce-iam off` any well-formed signature passes; under `on`/`strict` keys
 * local-aws issued are verified. IAM policies (`execute-api:Invoke`) are not evaluated.
 */
import type { RequestContext } from "../../core/context.js";
import { AwsError } from "../../core/errors.js";
import type { AuthenticatedCaller } from "../../core/ports.js";
import type { Invocation } from "./common.js";

export type IamOutcome = { ok: true; caller: AuthenticatedCaller } | { ok: false; missing: true } | { ok: false; error: AwsError };

export function isSigV4(inv: Invocation): boolean {
  return (inv.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ") || /(?:^|&)X-Amz-Signature=/.test(inv.rawQuery);
}

export async function authenticateIam(ctx: RequestContext, inv: Invocation): Promise<IamOutcome> {
  if (!isSigV4(inv)) return { ok: false, missing: true };
  const authenticator = await ctx.ports.get("RequestAuthenticator");
  try {
    const caller = await authenticator.authenticate({ method: inv.method, rawPath: inv.rawPath, rawQuery: inv.rawQuery, headers: inv.headers }, { service: "execute-api", body: inv.body, style: "rest-json" });
    return { ok: true, caller };
  } catch (err) {
    if (err instanceof AwsError) return { ok: false, error: err };
    throw err;
  }
}
