/**
 * The server side of Cognito's SRP-6a (USER_SRP_AUTH / PASSWORD_VERIFIER), as AWS's clients
 * (amazon-cognito-identity-js, Amplify, cognito-srp-helper) compute it: RFC 5054's 3072-bit group,
 * g = 2, hex strings padded Java-style (an even length, `00` before a set high bit), k = H(N‖g),
 * x = H(salt‖H(poolName‖userId‖":"‖password)), u = H(A‖B), and the session key taken from S by
 * HKDF-SHA256 with u as salt and "Caldera Derived Key" as info (16 bytes). Only the salt and the
 * verifier v = g^x are stored; a password is never kept.
 */
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

const N_HEX =
  "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
  "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
  "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
  "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
  "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
  "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
  "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
  "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;
const N_BYTES = Buffer.from(N_HEX, "hex");

/** Java BigInteger style hex of a non-negative number: even length, `00` prefix when the top bit is set. */
export function padHex(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if ("89abcdef".includes(hex[0]!)) hex = `00${hex}`;
  return hex;
}

function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function hexHash(hex: string): string {
  return sha256Hex(Buffer.from(hex, "hex"));
}

export const k = BigInt(`0x${hexHash(padHex(N) + padHex(g))}`);

function toBuffer(n: bigint): Buffer {
  return Buffer.from(padHex(n), "hex");
}

/** base^exp mod N. Node's Diffie-Hellman does the modular exponentiation natively (~1 ms vs ~8 ms in BigInt). */
export function modPowN(base: bigint, exp: bigint): bigint {
  try {
    const dh = createDiffieHellman(N_BYTES, Buffer.from([Number(g)]));
    dh.setPrivateKey(toBuffer(exp));
    if (base === g) {
      dh.generateKeys();
      return BigInt(`0x${dh.getPublicKey("hex") || "0"}`);
    }
    const out = dh.computeSecret(toBuffer(base));
    return BigInt(`0x${out.toString("hex") || "0"}`);
  } catch {
    return modPowBig(base, exp);
  }
}

function modPowBig(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = base % N;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % N;
    b = (b * b) % N;
    e >>= 1n;
  }
  return result;
}

/** x = H(salt ‖ H(poolName ‖ userId ‖ ":" ‖ password)), the private value a verifier is made from. */
function privateX(poolName: string, userId: string, password: string, saltHex: string): bigint {
  const inner = sha256Hex(Buffer.from(`${poolName}${userId}:${password}`, "utf8"));
  return BigInt(`0x${hexHash(padHex(BigInt(`0x${saltHex}`)) + inner)}`);
}

export interface Verifier {
  salt: string;
  verifier: string;
}

/** A fresh salt and the verifier of `password` for this user (what the pool stores). */
export function makeVerifier(poolName: string, userId: string, password: string): Verifier {
  const salt = randomBytes(16).toString("hex");
  const v = modPowN(g, privateX(poolName, userId, password, salt));
  return { salt, verifier: v.toString(16) };
}

/** Whether `password` matches a stored verifier (USER_PASSWORD_AUTH and the like), in constant time. */
export function checkPassword(poolName: string, userId: string, password: string, stored: Verifier): boolean {
  const v = modPowN(g, privateX(poolName, userId, password, stored.salt));
  return safeEqualText(padHex(v), padHex(BigInt(`0x${stored.verifier}`)));
}

export interface ServerEphemeral {
  /** Secret b (hex). */
  b: string;
  /** Public B (hex, as SRP_B). */
  B: string;
}

/**
 * B = k·v + g^b mod N. b is a random 256-bit number (RFC 5054 asks for at least 256 bits): the two
 * exponentiations by b cost a quarter of what a modulus-sized b would.
 */
export function serverEphemeral(verifierHex: string): ServerEphemeral {
  const v = BigInt(`0x${verifierHex}`);
  for (;;) {
    const b = BigInt(`0x${randomBytes(32).toString("hex")}`);
    const B = (k * v + modPowN(g, b)) % N;
    if (B !== 0n) return { b: b.toString(16), B: B.toString(16) };
  }
}

/** Whether SRP_A is acceptable: hex, at most the modulus' length, and A mod N ≠ 0. */
export function validA(aHex: string): boolean {
  if (!/^[0-9a-fA-F]{1,770}$/.test(aHex)) return false;
  const A = BigInt(`0x${aHex}`);
  return A % N !== 0n && A < N;
}

/** The 16-byte key both sides derive: HKDF(S, salt = u, info = "Caldera Derived Key"). */
export function sessionKey(aHex: string, eph: ServerEphemeral, verifierHex: string): Buffer {
  const A = BigInt(`0x${aHex}`);
  const B = BigInt(`0x${eph.B}`);
  const u = BigInt(`0x${hexHash(padHex(A) + padHex(B))}`);
  const v = BigInt(`0x${verifierHex}`);
  const S = modPowN((A * modPowN(v, u)) % N, BigInt(`0x${eph.b}`));
  return Buffer.from(hkdfSync("sha256", toBuffer(S), toBuffer(u), Buffer.from("Caldera Derived Key", "utf8"), 16));
}

/** The signature a client must send: HMAC(key, poolName ‖ userId ‖ secretBlock ‖ timestamp), base64. */
export function claimSignature(key: Buffer, poolName: string, userId: string, secretBlock: Buffer, timestamp: string): string {
  return createHmac("sha256", key)
    .update(Buffer.concat([Buffer.from(poolName, "utf8"), Buffer.from(userId, "utf8"), secretBlock, Buffer.from(timestamp, "utf8")]))
    .digest("base64");
}

/** AWS's TIMESTAMP form, `Tue Nov 4 09:05:01 UTC 2025` (day of month unpadded). */
export const SRP_TIMESTAMP = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d UTC \d{4}$/;

export function safeEqualText(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}
