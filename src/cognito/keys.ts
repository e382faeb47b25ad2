/**
 * Per-pool RSA signing keys: one for ID tokens and one for access tokens (different `kid`s), kept in
 * the store as JWKs so they survive restarts and travel in snapshots. Key generation runs on
 * libuv's thread pool, and a few pairs are made ahead so CreateUserPool does not wait for them.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomUUID, type KeyObject } from "node:crypto";
import type { CognitoStore } from "./store.js";

export type KeyUse = "id" | "access";

export interface PublicJwk {
  alg: "RS256";
  e: string;
  kid: string;
  kty: "RSA";
  n: string;
  use: "sig";
}

const SPARES = 4;
const spares: Promise<KeyObject>[] = [];

function generate(): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    generateKeyPair("rsa", { modulusLength: 2048, publicExponent: 0x10001 }, (err, _pub, priv) => (err ? reject(err) : resolve(priv)));
  });
}

function refill(): void {
  while (spares.length < SPARES) {
    const p = generate();
    p.catch(() => undefined);
    spares.push(p);
  }
}

/** Starts making keys ahead (called when the service starts). */
export function warmKeys(): void {
  refill();
}

async function takeKey(): Promise<KeyObject> {
  refill();
  const key = spares.shift()!;
  refill();
  return key;
}

/** Makes and stores the pool's two key pairs. */
export async function createPoolKeys(): Promise<{ use: KeyUse; kid: string; privateJwk: string; publicJwk: string }[]> {
  const [idKey, accessKey] = await Promise.all([takeKey(), takeKey()]);
  return [
    { use: "id" as const, key: idKey },
    { use: "access" as const, key: accessKey },
  ].map(({ use, key }) => {
    const kid = Buffer.from(randomUUID()).toString("base64url").slice(0, 43);
    const pub = createPublicKey(key).export({ format: "jwk" });
    const publicJwk: PublicJwk = { alg: "RS256", e: pub.e!, kid, kty: "RSA", n: pub.n!, use: "sig" };
    return { use, kid, privateJwk: JSON.stringify(key.export({ format: "jwk" })), publicJwk: JSON.stringify(publicJwk) };
  });
}

const pending = new WeakMap<CognitoStore, Map<string, Promise<void>>>();

/**
 * Makes sure the pool has its keys: CreateUserPool answers at once and the keys are made (or
 * taken from the spares) in the background; the first token or JWKS request waits for them. A pool
 * whose keys were never stored (the process stopped first) gets them on first use.
 */
export function ensurePoolKeys(cs: CognitoStore, poolId: string): Promise<void> | undefined {
  if (cs.keysOf.all(poolId).length >= 2) return undefined;
  let byPool = pending.get(cs);
  if (!byPool) pending.set(cs, (byPool = new Map()));
  let p = byPool.get(poolId);
  if (!p) {
    p = createPoolKeys()
      .then((keys) => {
        if (!cs.store.raw.open || !cs.poolById.get(poolId)) return;
        cs.store.txn(() => {
          for (const k of keys) cs.insertKey.run(poolId, k.use, k.kid, k.privateJwk, k.publicJwk);
        });
      })
      .finally(() => byPool.delete(poolId));
    byPool.set(poolId, p);
  }
  return p;
}

const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

export interface SigningKey {
  kid: string;
  key: KeyObject;
}

export function signingKey(cs: CognitoStore, poolId: string, use: KeyUse): SigningKey | undefined {
  const row = cs.keysOf.all(poolId).find((r) => r.use === use);
  if (!row) return undefined;
  let key = privateKeys.get(row.kid);
  if (!key) privateKeys.set(row.kid, (key = createPrivateKey({ key: JSON.parse(row.private_jwk) as import("node:crypto").JsonWebKey, format: "jwk" })));
  return { kid: row.kid, key };
}

/** The public key with this `kid` among the pool's keys, and what it signs. */
export function verifyingKey(cs: CognitoStore, poolId: string, kid: string): { key: KeyObject; use: KeyUse } | undefined {
  const row = cs.keysOf.all(poolId).find((r) => r.kid === kid);
  if (!row) return undefined;
  let key = publicKeys.get(kid);
  if (!key) publicKeys.set(kid, (key = createPublicKey({ key: JSON.parse(row.public_jwk) as import("node:crypto").JsonWebKey, format: "jwk" })));
  return { key, use: row.use as KeyUse };
}

export function poolJwks(cs: CognitoStore, poolId: string): { keys: PublicJwk[] } {
  return { keys: cs.keysOf.all(poolId).map((r) => JSON.parse(r.public_jwk) as PublicJwk) };
}
