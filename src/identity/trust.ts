/**
 * An identity pool's role must exist and trust `cognito-identity.amazonaws.com` for
 * sts:AssumeRoleWithWebIdentity with the pool's conditions (asked of IAM through the RoleTrust port).
 */
import type { RequestContext } from "../core/context.js";
import type { RoleTrustVerdict } from "../core/ports.js";
import { invalidConfiguration } from "./roles.js";

export async function checkTrust(ctx: RequestContext, roleArn: string, action: string, context: Record<string, string>): Promise<RoleTrustVerdict> {
  const iam = await ctx.ports.get("RoleTrust");
  const verdict = await iam.checkAssumeRole(roleArn, { action: `sts:${action}`, principal: { federated: "cognito-identity.amazonaws.com" }, context });
  if (!verdict || !verdict.trusted) throw invalidConfiguration();
  return verdict;
}
