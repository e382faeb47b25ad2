/**
 * The CredentialResolver port: the temporary credentials issued here (identity pools, STS), with
 * the principal they act as, whose policies apply, the session policies that scope them down and
 * the condition keys they carry. Issued credentials never change, so they are cached by key id
 * (the cache is dropped after restore/reset).
 */
import type { CredentialResolver, ResolvedCredentials } from "../core/ports.js";
import { GUEST_SESSION_POLICY } from "./guest-policy.js";
import type { IdentityState } from "./state.js";
import type { CredentialRow } from "./store.js";

const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

function resolved(row: CredentialRow): ResolvedCredentials {
  const details = JSON.parse(row.meta) as Record<string, string>;
  const assumed = ASSUMED_ROLE.exec(row.arn);
  const root = row.arn.endsWith(":root");
  // A role session's policies are its role's; a user's session token acts with the user's.
  const holder = assumed ? (details.roleArn ?? `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}`) : root ? undefined : row.arn;
  const context: Record<string, string | string[]> = {
    "aws:PrincipalArn": holder ?? row.arn,
    "aws:PrincipalAccount": row.account,
    "aws:PrincipalType": assumed ? "AssumedRole" : root ? "Account" : "User",
    "aws:userid": row.user_id,
  };
  if (!assumed && !root) context["aws:username"] = row.arn.slice(row.arn.lastIndexOf("/") + 1);
  if (details.identityId) {
    context["cognito-identity.amazonaws.com:sub"] = details.identityId;
    context["cognito-identity.amazonaws.com:aud"] = details.identityPoolId ?? "";
    context["cognito-identity.amazonaws.com:amr"] = details.amr === "authenticated" ? ["authenticated", ...(details.providers ? details.providers.split(" ") : [])] : ["unauthenticated"];
  }
  if (details.provider && details.subject) {
    context[`${details.provider}:sub`] = details.subject;
    if (details.audience) context[`${details.provider}:aud`] = details.audience;
  }
  const sessionPolicies: string[] = [];
  if (details.sessionPolicy === "cognito-identity-guest-scope-down") sessionPolicies.push(GUEST_SESSION_POLICY);
  if (details.policy) sessionPolicies.push(details.policy);
  return {
    accessKeyId: row.access_key_id,
    secretAccessKey: row.secret,
    sessionToken: row.session_token,
    account: row.account,
    principalArn: row.arn,
    userId: row.user_id,
    expiration: row.expires,
    ...(holder ? { policyHolderArn: holder } : {}),
    ...(sessionPolicies.length ? { sessionPolicies } : {}),
    contextKeys: context,
  };
}

export function credentialResolver(state: IdentityState): CredentialResolver {
  return {
    resolve(accessKeyId) {
      let found = state.resolved.get(accessKeyId);
      if (found === undefined) {
        const row = state.sql.credential.get(accessKeyId);
        if (!row) return undefined;
        if (state.resolved.size >= 10_000) state.resolved.clear();
        state.resolved.set(accessKeyId, (found = resolved(row)));
      }
      return found;
    },
  };
}
