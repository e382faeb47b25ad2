/**
 * The RoleTrust port: whether a role's trust policy lets a principal assume it, and whose an IAM
 * access key is. A trust policy naming a role matches that role's sessions; one naming an account
 * (`arn:aws:iam::<account>:root` or the bare id) matches every principal of that account.
 */
import type { RoleTrust, TrustPrincipal } from "../core/ports.js";
import { parsePolicy } from "./policy/document.js";
import { evaluate } from "./policy/evaluate.js";
import { findRole } from "./roles.js";
import type { IamState } from "./state.js";

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;
const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;
const ACCOUNT_OF = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/;

/** The values an AWS principal is known by in a trust policy's `Principal.AWS`. */
function awsPrincipalNames(arn: string): string[] {
  const names = [arn];
  const account = ACCOUNT_OF.exec(arn)?.[1];
  if (account) names.push(account, `arn:aws:iam::${account}:root`);
  const assumed = ASSUMED_ROLE.exec(arn);
  if (assumed) names.push(`arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}`);
  return names;
}

function principalOf(p: TrustPrincipal): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (p.aws) out.AWS = awsPrincipalNames(p.aws);
  if (p.federated) out.Federated = [p.federated];
  if (p.service) out.Service = [p.service];
  return out;
}

export function roleTrust(state: IamState): RoleTrust {
  return {
    async checkAssumeRole(roleArn, request) {
      const m = ROLE_ARN.exec(roleArn);
      if (!m) return undefined;
      const role = findRole(state, m[2]!, m[3]!);
      if (!role || role.Arn !== roleArn) return undefined;
      let trusted = false;
      try {
        const policy = parsePolicy(role.AssumeRolePolicyDocument, "trust");
        trusted = evaluate([policy], { action: request.action, principal: principalOf(request.principal), context: request.context }).decision === "Allow";
      } catch {
        trusted = false;
      }
      return { roleName: role.RoleName, roleId: role.RoleId, maxSessionDuration: role.MaxSessionDuration, trusted };
    },
    async userOfAccessKey(accessKeyId) {
      const key = state.sql.key.get(accessKeyId);
      if (!key || key.status !== "Active") return undefined;
      const row = state.sql.user.get(key.account, key.user);
      if (!row) return undefined;
      const user = JSON.parse(row.meta) as { Arn: string; UserId: string };
      return { account: key.account, arn: user.Arn, userId: user.UserId };
    },
  };
}
