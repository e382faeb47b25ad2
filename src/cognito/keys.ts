/**
 * Per-pool RSA signing keys: one for ID tokens and one for access tokens (different `kid`s), kept in
 * the store as JWKs so they survive restarts and travel in snapshots. Key generation runs on
 * libuv's thread pool, and a few pairs are made ahead so CreateUserPool does not wait for them.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomUUID, type JsonWebKey, type KeyObject } from "node:crypto";
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

function generate(): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    generateKeyPair("rsa", { modulusLength: 2048, publicExponent: 0x10001 }, (err, _pub, priv) => (err ? reject(err) : resolve(priv)));
  });
}

export interface SigningKey {
  kid: string;
  key: KeyObject;
}

/**
 * One server's pool keys: the spare pairs made ahead, the pools whose keys are being made, and the
 * parsed KeyObjects of stored JWKs by `kid`. Part of the service's state (one per server).
 */
export class PoolKeys {
  private readonly spares: Promise<KeyObject>[] = [];
  private readonly pending = new Map<string, Promise<void>>();
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(private readonly cs: CognitoStore) {}

  /** Starts making keys ahead (called when the service starts). */
  warm(): void {
    while (this.spares.length < SPARES) {
      const p = generate();
      p.catch(() => undefined);
      this.spares.push(p);
    }
  }

  private takeKey(): Promise<KeyObject> {
    this.warm();
    const key = this.spares.shift()!;
    this.warm();
    return key;
  }

  /** Makes the pool's two key pairs (not stored yet). */
  async create(): Promise<{ use: KeyUse; kid: string; privateJwk: string; publicJwk: string }[]> {
    const [idKey, accessKey] = await Promise.all([this.takeKey(), this.takeKey()]);
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

  /**
   * Makes sure the pool has its keys: CreateUserPool answers at once and the keys are made (or
   * taken from the spares) in the background; the first token or JWKS request waits for them. A pool
   * whose keys were never stored (the process stopped first) gets them on first use.
   */
  ensure(poolId: string): Promise<void> | undefined {
    const cs = this.cs;
    if (cs.keysOf.all(poolId).length >= 2) return undefined;
    let p = this.pending.get(poolId);
    if (!p) {
      p = this.create()
        .then((keys) => {
          if (!cs.store.raw.open || !cs.poolById.get(poolId)) return;
          cs.store.txn(() => {
            for (const k of keys) cs.insertKey.run(poolId, k.use, k.kid, k.privateJwk, k.publicJwk);
          });
        })
        .finally(() => this.pending.delete(poolId));
      this.pending.set(poolId, p);
    }
    return p;
  }

  signing(poolId: string, use: KeyUse): SigningKey | undefined {
    const row = this.cs.keysOf.all(poolId).find((r) => r.use === use);
    if (!row) return undefined;
    let key = this.privateKeys.get(row.kid);
    if (!key) this.privateKeys.set(row.kid, (key = createPrivateKey({ key: JSON.parse(row.private_jwk) as JsonWebKey, format: "jwk" })));
    return { kid: row.kid, key };
  }

  /** The public key with this `kid` among the pool's keys, and what it signs. */
  verifying(poolId: string, kid: string): { key: KeyObject; use: KeyUse } | undefined {
    const row = this.cs.keysOf.all(poolId).find((r) => r.kid === kid);
    if (!row) return undefined;
    let key = this.publicKeys.get(kid);
    if (!key) this.publicKeys.set(kid, (key = createPublicKey({ key: JSON.parse(row.public_jwk) as JsonWebKey, format: "jwk" })));
    return { key, use: row.use as KeyUse };
  }

  jwks(poolId: string): { keys: PublicJwk[] } {
    return { keys: this.cs.keysOf.all(poolId).map((r) => JSON.parse(r.public_jwk) as PublicJwk) };
  }
}
