/** RS256 JSON Web Tokens on node:crypto: signing, and a strict decode (RS256 only; `none`/HS256 refused). */
import { sign, verify, type KeyObject } from "node:crypto";

export function signJwt(kid: string, payload: Record<string, unknown>, key: KeyObject): string {
  const head = Buffer.from(JSON.stringify({ kid, alg: "RS256" })).toString("base64url");
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const signature = sign("sha256", Buffer.from(`${head}.${body}`), key).toString("base64url");
  return `${head}.${body}.${signature}`;
}

export interface DecodedJwt {
  kid: string;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

function json(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token's parts, or undefined when it is not a well-formed RS256 JWT with a `kid`. */
export function decodeJwt(token: unknown): DecodedJwt | undefined {
  if (typeof token !== "string" || token.length > 16_384) return undefined;
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  const header = json(parts[0]!);
  const payload = json(parts[1]!);
  if (!header || !payload || header.alg !== "RS256" || typeof header.kid !== "string") return undefined;
  return { kid: header.kid, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2]!, "base64url") };
}

export function signatureValid(jwt: DecodedJwt, key: KeyObject): boolean {
  try {
    return verify("sha256", Buffer.from(jwt.signingInput), key, jwt.signature);
  } catch {
    return false;
  }
}
