/**
 * What `--enforce-iam` authorizes in Cognito Identity and STS. Calls AWS serves without
 * credentials (GetId, GetCredentialsForIdentity, GetOpenIdToken, AssumeRoleWithWebIdentity) and
 * those that need no permission (GetCallerIdentity, GetSessionToken) are not authorized.
 */
import type { AuthorizationQuery, AuthorizationTarget, ServiceAuthorization } from "../core/auth/types.js";

const UNAUTHORIZED = new Set(["GetId", "GetCredentialsForIdentity", "GetOpenIdToken", "GetCallerIdentity", "GetSessionToken", "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"]);

function targets(q: AuthorizationQuery): AuthorizationTarget[] | undefined {
  if (UNAUTHORIZED.has(q.operation)) return undefined;
  if (q.api === "sts") {
    const roleArn = typeof q.input.RoleArn === "string" ? q.input.RoleArn : "*";
    return [{ action: `sts:${q.operation}`, resource: roleArn }];
  }
  const poolId = typeof q.input.IdentityPoolId === "string" ? q.input.IdentityPoolId : undefined;
  const resource = poolId ? `arn:aws:cognito-identity:${q.region}:${q.accountId}:identitypool/${poolId}` : "*";
  return [{ action: `cognito-identity:${q.operation}`, resource }];
}

export const identityAuthorization: ServiceAuthorization = { targets };
