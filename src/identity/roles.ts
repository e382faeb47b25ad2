/**
 * Which role an identity's credentials are for (the enhanced flow): the guest role, or for a login
 * its provider's role mapping (Token: `cognito:preferred_role` / `cognito:roles`; Rules: the first
 * matching claim rule), falling back to the authenticated role unless the mapping says Deny.
 */
import type { MappingRule, RoleMapping } from "@aws-sdk/client-cognito-identity";
import { AwsError } from "../core/errors.js";
import type { VerifiedLogin } from "./logins.js";
import type { StoredPool } from "./pool.js";

export function invalidConfiguration(): AwsError {
  return new AwsError("InvalidIdentityPoolConfigurationException", "Invalid identity pool configuration. Check assigned IAM roles for this pool.");
}

/** The RoleMappings key of a login: user pools are keyed by `<provider>:<app client id>`. */
function mappingFor(pool: StoredPool, login: VerifiedLogin): RoleMapping | undefined {
  const mappings = pool.RoleMappings ?? {};
  const aud = typeof login.claims.aud === "string" ? login.claims.aud : undefined;
  if (aud && Object.prototype.hasOwnProperty.call(mappings, `${login.provider}:${aud}`)) return mappings[`${login.provider}:${aud}`];
  return Object.prototype.hasOwnProperty.call(mappings, login.provider) ? mappings[login.provider] : undefined;
}

function claimText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(String).join(",");
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function ruleMatches(rule: MappingRule, claims: Record<string, unknown>): boolean {
  const value = claimText(claims[rule.Claim ?? ""]);
  const expected = rule.Value ?? "";
  switch (rule.MatchType) {
    case "Equals":
      return value === expected;
    case "NotEqual":
      return value !== undefined && value !== expected;
    case "Contains":
      return value !== undefined && value.includes(expected);
    case "StartsWith":
      return value !== undefined && value.startsWith(expected);
    default:
      return false;
  }
}

function fromMapping(mapping: RoleMapping, login: VerifiedLogin, customRoleArn: string | undefined): string | undefined {
  const claims = login.claims as Record<string, unknown>;
  if (mapping.Type === "Token") {
    const roles = Array.isArray(claims["cognito:roles"]) ? (claims["cognito:roles"] as unknown[]).map(String) : [];
    if (customRoleArn && roles.includes(customRoleArn)) return customRoleArn;
    const preferred = claims["cognito:preferred_role"];
    if (typeof preferred === "string") return preferred;
    return roles.length === 1 ? roles[0] : undefined;
  }
  for (const rule of mapping.RulesConfiguration?.Rules ?? []) if (ruleMatches(rule, claims)) return rule.RoleARN;
  return undefined;
}

export function resolveRole(pool: StoredPool, logins: VerifiedLogin[], customRoleArn: string | undefined): string {
  const roles = pool.Roles ?? {};
  if (logins.length === 0) {
    const guest = roles.unauthenticated;
    if (!guest) throw invalidConfiguration();
    return guest;
  }
  for (const login of logins) {
    const mapping = mappingFor(pool, login);
    if (!mapping) continue;
    const role = fromMapping(mapping, login, customRoleArn);
    if (role) return role;
    if (mapping.AmbiguousRoleResolution === "Deny") throw new AwsError("NotAuthorizedException", "Unable to resolve a role for this identity: the role mapping denies ambiguous logins.");
  }
  const authenticated = roles.authenticated;
  if (!authenticated) throw invalidConfiguration();
  return authenticated;
}
