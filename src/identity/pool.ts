/** Identity pools as stored (AWS's IdentityPool shape plus roles) and their lookups. */
import type { IdentityPool as SdkIdentityPool, RoleMapping } from "@aws-sdk/client-cognito-identity";
import type { RequestContext } from "../core/context.js";
import { AwsError } from "../core/errors.js";
import type { IdentityState } from "./state.js";

export interface IdentityPool extends SdkIdentityPool {
  IdentityPoolId: string;
  IdentityPoolName: string;
  AllowUnauthenticatedIdentities: boolean;
}

export interface StoredPool extends IdentityPool {
  account: string;
  Roles?: Record<string, string>;
  RoleMappings?: Record<string, RoleMapping>;
}

export function poolNotFound(id: string): AwsError {
  return new AwsError("ResourceNotFoundException", `IdentityPool '${id}' not found.`);
}

export function loadPool(ctx: RequestContext, state: IdentityState, id: string): StoredPool {
  const row = state.sql.pool.get(id);
  if (!row || row.account !== ctx.accountId) throw poolNotFound(id);
  return JSON.parse(row.meta) as StoredPool;
}

/** Like loadPool, for unsigned calls (GetId, GetCredentialsForIdentity): any account's pool. */
export function loadPoolById(state: IdentityState, id: string): StoredPool {
  const row = state.sql.pool.get(id);
  if (!row) throw poolNotFound(id);
  return JSON.parse(row.meta) as StoredPool;
}

export function savePool(state: IdentityState, pool: StoredPool): void {
  const region = pool.IdentityPoolId.slice(0, pool.IdentityPoolId.indexOf(":"));
  state.sql.putPool.run(pool.IdentityPoolId, pool.account, region, pool.IdentityPoolName, JSON.stringify(pool));
}

/** The pool as DescribeIdentityPool answers it (no roles, no account). */
export function describePool(pool: StoredPool): IdentityPool {
  const { account: _a, Roles: _r, RoleMappings: _m, ...rest } = pool;
  return rest;
}
