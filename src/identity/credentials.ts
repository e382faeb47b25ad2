/**
 * Temporary credentials issued here (identity pools, STS): an ASIA access key id, a 40-character
 * secret and a session token, kept in SQLite with the principal they act as, so later requests
 * signed with them can be attributed (GetCallerIdentity, IAM enforcement).
 */
import { randomBytes } from "node:crypto";
import type { CredentialRow } from "./store.js";
import type { IdentityState } from "./state.js";

const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** `<prefix>` + 16 characters of AWS's key alphabet (upper-case letters and 2-7). */
export function accessKeyId(prefix: string): string {
  const bytes = randomBytes(16);
  let out = prefix;
  for (const b of bytes) out += KEY_ALPHABET[b & 31];
  return out;
}

export function secretAccessKey(): string {
  return randomBytes(30).toString("base64").replace(/\+/g, "A").replace(/\//g, "B");
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Clock ms. */
  expiration: number;
}

export interface Principal {
  account: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>` or `...:federated-user/...`, `...:user/...`. */
  arn: string;
  /** `AROA...:<session>`, or the account/user id for session tokens. */
  userId: string;
  /** What the credentials were issued for (role ARN, identity id, source ...), for attribution. */
  details?: Record<string, string>;
}

export function issueCredentials(state: IdentityState, principal: Principal, now: number, durationSeconds: number): IssuedCredentials {
  const creds: IssuedCredentials = {
    accessKeyId: accessKeyId("ASIA"),
    secretAccessKey: secretAccessKey(),
    sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(180).toString("base64")}`,
    expiration: now + durationSeconds * 1000,
  };
  state.sql.putCredential.run(creds.accessKeyId, creds.secretAccessKey, creds.sessionToken, principal.account, principal.arn, principal.userId, creds.expiration, JSON.stringify(principal.details ?? {}));
  return creds;
}

/** The credentials issued here under this key id (expired ones too: callers judge expiry). */
export function findCredentials(state: IdentityState, keyId: string | undefined): CredentialRow | undefined {
  if (!keyId || !keyId.startsWith("ASIA")) return undefined;
  return state.sql.credential.get(keyId);
}

/** `AROA` + 17 characters: a role's unique id derived from its ARN (stable, as AWS's is per role). */
export function roleIdOf(roleArn: string): string {
  let h = 0x811c9dc5;
  let out = "AROA";
  for (let i = 0; out.length < 21; i++) {
    h = Math.imul(h ^ roleArn.charCodeAt(i % Math.max(1, roleArn.length)) ^ i, 0x01000193) >>> 0;
    out += KEY_ALPHABET[h & 31];
  }
  return out;
}
