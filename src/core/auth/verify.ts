/**
 * Checks one request's signature against credentials local-aws issued, in AWS's order: the
 * signature must be readable, the credentials unexpired (on the server's clock), the request
 * dated within the allowed skew of the wall clock (15 minutes, Lambda 5; a presigned URL within
 * its X-Amz-Expires, at most 7 days), the session token the one issued with the key, and the
 * signature the one the secret gives (compared in constant time).
 */
import { AwsError } from "../errors.js";
import type { ResolvedCredentials } from "../ports.js";
import * as errors from "./errors.js";
import { EMPTY_SHA256, expectedSignature, IncompleteSignature, parseAmzDate, sameSecret, sha256Hex, signatureOf, SigningKeys, type SignableRequest, type SignatureParts } from "./sigv4-verify.js";

export interface VerifyState {
  keys: SigningKeys | undefined;
  /**
   * Presigned URLs already verified, with what they were computed over (see `replayed`), so that a
   * URL fetched many times is checked by comparing bytes instead of hashing them again. (A request
   * signed in a header is signed afresh each time — the SDKs sign a new invocation id — so
   * remembering it would only cost.)
   */
  verified?: Map<string, { material: string; body: Buffer | undefined }>;
}

const MAX_VERIFIED = 1024;
const MAX_REMEMBERED_BODY = 16 * 1024;

/** Everything the canonical request is built from, but the payload. */
function materialOf(req: SignableRequest, parts: SignatureParts): string {
  let text = `${req.method}\n${req.rawPath}\n${req.rawQuery}\n${parts.accessKeyId}/${parts.date}/${parts.region}/${parts.service}\n${parts.amzDate ?? ""}`;
  for (const name of parts.signedHeaders) text += `\n${name}:${req.headers[name] ?? ""}`;
  return `${text}\n\n${req.headers["x-amz-content-sha256"] ?? ""}\n${parts.sessionToken ?? ""}`;
}

/** Whether this exact request (same signature over the same bytes) was verified before. */
function replayed(st: VerifyState, parts: SignatureParts, material: string, body: VerifyOptions["body"]): boolean {
  const seen = st.verified?.get(parts.signature);
  if (!seen || seen.material !== material) return false;
  if (typeof body === "string") return seen.body === undefined;
  return seen.body !== undefined && seen.body.equals(body);
}

function remember(st: VerifyState, parts: SignatureParts, material: string, body: VerifyOptions["body"]): void {
  if (typeof body !== "string" && body.length > MAX_REMEMBERED_BODY) return;
  const verified = (st.verified ??= new Map());
  if (verified.size >= MAX_VERIFIED) verified.clear();
  verified.set(parts.signature, { material, body: typeof body === "string" ? undefined : Buffer.from(body) });
}

export interface VerifyOptions {
  style: errors.ErrorStyle;
  /** The body to hash, "header" when x-amz-content-sha256 (or a presigned URL) names the payload hash, "unsigned" for a streamed body. */
  body: Buffer | "header" | "unsigned";
  /** The server's clock (credential expiry). */
  now: number;
  /** The wall clock (the client signed with it). */
  wallNow: number;
}

const MAX_PRESIGN_SECONDS = 604_800;

function readSignature(req: SignableRequest, query: URLSearchParams, style: errors.ErrorStyle): SignatureParts | undefined {
  try {
    return signatureOf(req, query);
  } catch (err) {
    if (err instanceof IncompleteSignature) throw errors.incompleteSignature(style, err.message);
    throw err;
  }
}

function payloadHash(req: SignableRequest, query: URLSearchParams, parts: SignatureParts, body: VerifyOptions["body"]): string {
  if (parts.presigned) return query.get("X-Amz-Content-Sha256") ?? req.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD";
  if (body === "header") return req.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD";
  if (body === "unsigned") return "UNSIGNED-PAYLOAD";
  return body.length === 0 ? EMPTY_SHA256 : sha256Hex(body);
}

function checkTime(req: SignableRequest, parts: SignatureParts, o: VerifyOptions): void {
  const signedAt = parts.amzDate !== undefined ? parseAmzDate(parts.amzDate) : Date.parse(req.headers.date ?? "");
  if (Number.isNaN(signedAt)) {
    throw errors.incompleteSignature(o.style, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const skew = parts.service === "lambda" ? 300_000 : 900_000;
  if (parts.presigned) {
    const seconds = parts.expires ?? NaN;
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_PRESIGN_SECONDS) {
      if (o.style === "xml") throw new AwsError("AuthorizationQueryParametersError", "X-Amz-Expires must be less than a week (in seconds) that is 604800", { status: 400 });
      throw errors.incompleteSignature(o.style, "X-Amz-Expires must be less than a week (in seconds) that is 604800");
    }
    if (signedAt - o.wallNow > skew) throw errors.requestTooSkewed(o.style, signedAt, o.wallNow, skew);
    if (o.wallNow > signedAt + seconds * 1000) throw errors.presignExpired(o.style, signedAt + seconds * 1000, o.wallNow, seconds);
    return;
  }
  if (Math.abs(o.wallNow - signedAt) > skew) throw errors.requestTooSkewed(o.style, signedAt, o.wallNow, skew);
}

/** Throws AWS's error when the request is not signed by these credentials; returns otherwise. */
export function verifySignature(st: VerifyState, req: SignableRequest, query: URLSearchParams, creds: ResolvedCredentials, o: VerifyOptions): void {
  const parts = readSignature(req, query, o.style);
  if (!parts) throw errors.signatureMismatch(o.style, { accessKeyId: creds.accessKeyId, signatureProvided: "", stringToSign: "", canonicalRequest: "" });
  if (creds.expiration !== undefined && creds.expiration <= o.now) throw errors.expiredToken(o.style);
  checkTime(req, parts, o);
  const material = parts.presigned ? materialOf(req, parts) : undefined;
  // A replay carries the very token that was checked with the signature (it is part of the material).
  if (material !== undefined && replayed(st, parts, material, o.body)) return;
  const key = (st.keys ??= new SigningKeys()).key(creds.secretAccessKey, parts.date, parts.region, parts.service);
  // Issued session tokens are base64: nothing in them to normalise.
  const expected = expectedSignature(req, parts, payloadHash(req, query, parts, o.body), key, creds.sessionToken);
  const signed = sameSecret(expected.signature, parts.signature);
  // The token is judged before the signature (AWS answers a wrong token first), but compared after
  // computing it: a caller whose signature matched holds the secret, so a plain comparison tells
  // them nothing; anyone else's token is compared in constant time.
  if (creds.sessionToken !== undefined) {
    const token = parts.sessionToken;
    if (token === undefined || !(signed ? token === creds.sessionToken : sameSecret(token, creds.sessionToken))) throw errors.invalidToken(o.style);
  }
  if (!signed) {
    throw errors.signatureMismatch(o.style, { accessKeyId: creds.accessKeyId, signatureProvided: parts.signature, stringToSign: expected.stringToSign, canonicalRequest: expected.canonicalRequest });
  }
  if (material !== undefined) remember(st, parts, material, o.body);
}
