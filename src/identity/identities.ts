/** Identities of a pool: found or created per login (provider + subject), or a new guest. */
import type { RequestContext } from "../core/context.js";
import { AwsError } from "../core/errors.js";
import { uuid } from "../core/ids.js";
import { loginKey, notAuthorized, OPENID_PROVIDER, verifyLogins, type VerifiedLogin } from "./logins.js";
import type { StoredPool } from "./pool.js";
import type { IdentityState } from "./state.js";

export interface StoredIdentity {
  IdentityId: string;
  IdentityPoolId: string;
  /** Providers this identity has logged in with. */
  Logins: string[];
  CreationDate: number;
  LastModifiedDate: number;
}

export function identityNotFound(id: string): AwsError {
  return new AwsError("ResourceNotFoundException", `Identity '${id}' not found.`);
}

export function loadIdentity(state: IdentityState, id: string): StoredIdentity {
  const row = state.sql.identity.get(id);
  if (!row) throw identityNotFound(id);
  return JSON.parse(row.meta) as StoredIdentity;
}

function saveIdentity(state: IdentityState, identity: StoredIdentity, key: string | null): void {
  state.sql.putIdentity.run(identity.IdentityId, identity.IdentityPoolId, key, JSON.stringify(identity));
}

/** The identity of these (verified) logins, created on first sight; a new guest when there are none. */
export function identityFor(ctx: RequestContext, state: IdentityState, pool: StoredPool, logins: VerifiedLogin[]): StoredIdentity {
  const now = ctx.clock.now();
  const region = pool.IdentityPoolId.slice(0, pool.IdentityPoolId.indexOf(":"));
  if (logins.length === 0) {
    if (!pool.AllowUnauthenticatedIdentities) throw notAuthorized("Unauthenticated access is not supported for this identity pool.");
    const guest: StoredIdentity = { IdentityId: `${region}:${uuid()}`, IdentityPoolId: pool.IdentityPoolId, Logins: [], CreationDate: now, LastModifiedDate: now };
    saveIdentity(state, guest, null);
    return guest;
  }
  const own = logins.find((l) => l.provider === OPENID_PROVIDER);
  if (own) return loadIdentity(state, own.subject);
  return ctx.store.txn(() => {
    for (const login of logins) {
      const row = state.sql.identityByLogin.get(pool.IdentityPoolId, loginKey(login));
      if (row) return JSON.parse(row.meta) as StoredIdentity;
    }
    const identity: StoredIdentity = {
      IdentityId: `${region}:${uuid()}`,
      IdentityPoolId: pool.IdentityPoolId,
      Logins: logins.map((l) => l.provider),
      CreationDate: now,
      LastModifiedDate: now,
    };
    saveIdentity(state, identity, loginKey(logins[0]!));
    return identity;
  });
}

/** A guest that logs in becomes that login's identity, unless the login already has another. */
function linkGuest(ctx: RequestContext, state: IdentityState, identity: StoredIdentity, logins: VerifiedLogin[]): void {
  const mismatch = (): Error => notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.");
  ctx.store.txn(() => {
    for (const login of logins) {
      if (login.provider === OPENID_PROVIDER) {
        if (login.subject !== identity.IdentityId) throw mismatch();
        continue;
      }
      const owner = state.sql.identityByLogin.get(identity.IdentityPoolId, loginKey(login));
      if (owner && owner.id !== identity.IdentityId) throw mismatch();
    }
    const first = logins.find((l) => l.provider !== OPENID_PROVIDER);
    if (!first) return;
    const linked: StoredIdentity = { ...identity, Logins: logins.map((l) => l.provider), LastModifiedDate: ctx.clock.now() };
    saveIdentity(state, linked, loginKey(first));
  });
}

/**
 * The logins of a request for an existing identity: an authenticated identity needs one of its
 * logins (verified again); a guest identity may come with none.
 */
export async function loginsForIdentity(ctx: RequestContext, state: IdentityState, pool: StoredPool, identity: StoredIdentity, logins: Record<string, string> | undefined): Promise<VerifiedLogin[]> {
  const verified = await verifyLogins(ctx, state, pool, logins);
  if (identity.Logins.length === 0) {
    if (verified.length === 0) {
      if (!pool.AllowUnauthenticatedIdentities) throw notAuthorized("Unauthenticated access is not supported for this identity pool.");
      return verified;
    }
    linkGuest(ctx, state, identity, verified);
    return verified;
  }
  const row = state.sql.identity.get(identity.IdentityId);
  const match = verified.some((l) => loginKey(l) === row?.login_key || (l.provider === OPENID_PROVIDER && l.subject === identity.IdentityId));
  if (!match) throw notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.");
  return verified;
}
