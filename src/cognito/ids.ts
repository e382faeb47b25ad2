/** AWS-shaped identifiers and secrets: pool ids, 26-character client ids, client secrets, codes. */
import { createHmac, randomBytes, randomInt, randomUUID } from "node:crypto";
import { safeEqualText } from "./srp.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

function pick(alphabet: string, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** `us-east-1_AbC123xyZ`. */
export function newPoolId(region: string): string {
  return `${region}_${pick(ALNUM, 9)}`;
}

export function newClientId(): string {
  return pick(LOWER_ALNUM, 26);
}

export function newClientSecret(): string {
  return pick(LOWER_ALNUM, 52);
}

export function newSub(): string {
  return randomUUID();
}

export function newCode(fixed: string | undefined): string {
  return fixed ?? String(randomInt(0, 1_000_000)).padStart(6, "0");
}

export function newOpaque(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** SECRET_HASH = Base64(HMAC-SHA256(clientSecret, username ‖ clientId)), compared in constant time. */
export function secretHashMatches(secret: string, username: string, clientId: string, given: string): boolean {
  const expected = createHmac("sha256", secret).update(username + clientId).digest("base64");
  return safeEqualText(expected, given);
}

/** A temporary password meeting the default policy. */
export function temporaryPassword(minLength: number): string {
  const parts = [pick("ABCDEFGHJKLMNPQRSTUVWXYZ", 2), pick("abcdefghijkmnpqrstuvwxyz", 2), pick("23456789", 2), pick("^$*.[]{}()?-!@#%&", 1)];
  return parts.join("") + pick(ALNUM, Math.max(1, minLength - 7));
}
