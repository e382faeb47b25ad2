/**
 * AWS_IAM authorization of REST and HTTP API routes: the request's SigV4 signature (header or
 * presigned query) checked through the RequestAuthenticator port for the `execute-api` signing
 * name. Under `--enforce-iam off` any well-formed signature passes; under `on`/`strict` keys
 * local-aws issued are verified, and their principal's identity-based policies must allow
 * `execute-api:Invoke` on the route's ARN (through the PrincipalPolicies port). Resource policies
 * of the API are not evaluated.
 */
import type { RequestContext } from "../../core/context.js";
import { AwsError } from "../../core/errors.js";
import type { AuthenticatedCaller, ResolvedCredentials } from "../../core/ports.js";
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

export type InvokeDecision = { allowed: true } | { allowed: false; message: string };

const ALLOWED: InvokeDecision = { allowed: true };

/**
 * `execute-api:Invoke` (or `action`: `execute-api:InvalidateCache`) on `arn` (`arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>`)
 * for a caller whose signature checked out: evaluated under `--enforce-iam on|strict` for keys
 * local-aws issued (IAM users' AKIA keys, STS/identity-pool ASIA sessions); the account root and
 * keys not issued here pass, as every other service treats them.
 */
export async function authorizeInvoke(ctx: RequestContext, caller: AuthenticatedCaller, arn: string, action = "execute-api:Invoke"): Promise<InvokeDecision> {
  const mode = ctx.settings.enforceIam ?? "off";
  if (mode === "off" || !caller.issued || caller.principalArn.endsWith(":root")) return ALLOWED;
  let creds: ResolvedCredentials | undefined;
  let policies;
  try {
    policies = await ctx.ports.get("PrincipalPolicies");
    if (caller.accessKeyId.startsWith("ASIA")) creds = (await ctx.ports.get("CredentialResolver")).resolve(caller.accessKeyId);
    else creds = policies.accessKey(caller.accessKeyId);
  } catch {
    // IAM is not running in this server: nothing it issued can be asking.
    return ALLOWED;
  }
  if (!creds) return ALLOWED;
  const decision = policies.authorize(creds, action, arn, {});
  if (decision.allowed) return ALLOWED;
  const explicit = decision.reason?.includes("explicit deny") ? " with an explicit deny" : "";
  return { allowed: false, message: `User: ${creds.principalArn} is not authorized to perform: ${action} on resource: ${arn}${explicit}` };
}
