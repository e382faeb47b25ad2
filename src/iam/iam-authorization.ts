/** What `--enforce-iam` authorizes in IAM: `iam:<Operation>` on the group, role, user or policy named. */
import type { AuthorizationQuery, AuthorizationTarget, ServiceAuthorization } from "../core/auth/types.js";

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function targets(q: AuthorizationQuery): AuthorizationTarget[] {
  const base = `arn:aws:iam::${q.accountId}`;
  const path = str(q.input.Path) ?? "/";
  const role = str(q.input.RoleName);
  const user = str(q.input.UserName);
  const policy = str(q.input.PolicyArn);
  const group = str(q.input.GroupName);
  let resource = "*";
  // A group's operations (AddUserToGroup names a user too) act on the group.
  if (group) resource = `${base}:group${q.operation === "CreateGroup" ? path : "/"}${group}`;
  else if (role) resource = `${base}:role${q.operation === "CreateRole" ? path : "/"}${role}`;
  else if (user) resource = `${base}:user${q.operation === "CreateUser" ? path : "/"}${user}`;
  else if (policy) resource = policy;
  else if (q.operation === "CreatePolicy" && str(q.input.PolicyName)) resource = `${base}:policy${path}${str(q.input.PolicyName)}`;
  else if (q.operation === "GetUser" || q.operation === "CreateAccessKey") resource = `${base}:user/`;
  return [{ action: `iam:${q.operation}`, resource }];
}

export const iamAuthorization: ServiceAuthorization = { targets };
