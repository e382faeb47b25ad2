/** Roles as stored and as IAM answers them. */
import type { Role, Tag } from "@aws-sdk/client-iam";
import type { RequestContext } from "../core/context.js";
import { encodedDocument, noSuchEntity, type IamState } from "./state.js";

export interface StoredRole {
  Path: string;
  RoleName: string;
  RoleId: string;
  Arn: string;
  /** Clock ms. */
  CreateDate: number;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

export function roleNotFound(name: string): Error {
  return noSuchEntity(`The role with name ${name} cannot be found.`);
}

export function findRole(state: IamState, account: string, name: string): StoredRole | undefined {
  const row = state.sql.role.get(account, name);
  return row ? (JSON.parse(row.meta) as StoredRole) : undefined;
}

export function loadRole(ctx: RequestContext, state: IamState, name: string): StoredRole {
  const role = findRole(state, ctx.accountId, name);
  if (!role) throw roleNotFound(name);
  return role;
}

export function saveRole(state: IamState, account: string, role: StoredRole): void {
  state.sql.putRole.run(account, role.RoleName, JSON.stringify(role));
}

export function wireRole(role: StoredRole): Role {
  return {
    Path: role.Path,
    RoleName: role.RoleName,
    RoleId: role.RoleId,
    Arn: role.Arn,
    CreateDate: new Date(role.CreateDate),
    AssumeRolePolicyDocument: encodedDocument(role.AssumeRolePolicyDocument),
    ...(role.Description !== undefined ? { Description: role.Description } : {}),
    MaxSessionDuration: role.MaxSessionDuration,
    ...(role.PermissionsBoundary ? { PermissionsBoundary: { PermissionsBoundaryType: "PermissionsBoundaryPolicy" as const, PermissionsBoundaryArn: role.PermissionsBoundary } } : {}),
    ...(role.Tags?.length ? { Tags: role.Tags } : {}),
  };
}
