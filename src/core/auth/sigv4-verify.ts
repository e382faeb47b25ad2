/**
 * SigV4 signature verification (header `Authorization: AWS4-HMAC-SHA256 ...` or a presigned URL's
 * `X-Amz-*` query): the canonical request as AWS builds it, the signing key derived from the
 * secret (cached per key, day, region and service), and a constant-time comparison.
 */
import { createHmac, hash } from "node:crypto";

export interface SignatureParts {
  accessKeyId: string;
  /** `yyyymmdd` of the credential scope. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  /** The SignedHeaders text as sent (`host;x-amz-date`), which the canonical request ends with. */
  signedHeadersText: string;
  /** `yyyymmdd/region/service/aws4_request`. */
  scope: string;
  signature: string;
  /** `yyyymmddThhmmssZ` (X-Amz-Date), or undefined when only a `Date` header dates the request. */
  amzDate: string | undefined;
  presigned: boolean;
  /** Presigned URLs: X-Amz-Expires in seconds. */
  expires?: number;
  sessionToken: string | undefined;
}

export interface SignableRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string | undefined>;
}

/** Why a signature could not even be read (AWS's IncompleteSignature cases). */
export class IncompleteSignature extends Error {}

/** The value of `name=` in an Authorization header's comma-separated fields (read without regular expressions: every signed request passes here). */
function field(header: string, name: string, from = 0): string | undefined {
  const at = header.indexOf(name, from);
  if (at < 0) return undefined;
  const start = at + name.length;
  const end = header.indexOf(",", start);
  const value = end < 0 ? header.slice(start) : header.slice(start, end);
  // The SDKs write no space inside a field: trimming is for other clients.
  const last = value.charCodeAt(value.length - 1);
  return value.charCodeAt(0) <= 32 || last <= 32 ? value.trim() : value;
}

/** SignedHeaders lists by their text: a client sends the same few on every request (never modified by readers). */
const headerLists = new Map<string, string[]>();
/** The last list asked for: comparing two texts costs less than hashing one for the map. */
let lastHeaderList = { text: "", list: [] as string[] };

function signedHeaderList(text: string): string[] {
  if (text === lastHeaderList.text) return lastHeaderList.list;
  let list = headerLists.get(text);
  if (!list) {
    list = text.split(";");
    if (headerLists.size >= 256) headerLists.clear();
    headerLists.set(text, list);
  }
  lastHeaderList = { text, list };
  return list;
}

/** The signature of a request, or undefined when it carries none (SigV2 and anonymous requests). */
export function signatureOf(req: SignableRequest, query: URLSearchParams): SignatureParts | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    if (!auth.startsWith("AWS4-HMAC-SHA256 ")) return undefined;
    // Fields are looked for in the order clients write them, from where the previous one was found, then anywhere.
    const credential = field(auth, "Credential=", 17);
    const afterCredential = credential === undefined ? 0 : 17 + credential.length;
    const signedHeaders = field(auth, "SignedHeaders=", afterCredential) ?? field(auth, "SignedHeaders=");
    const f = { Credential: credential, SignedHeaders: signedHeaders, Signature: field(auth, "Signature=", afterCredential + (signedHeaders?.length ?? 0)) ?? field(auth, "Signature=") };
    if (!f.Credential || !f.SignedHeaders || !f.Signature) {
      const missing = !f.Credential ? "Credential" : !f.SignedHeaders ? "SignedHeaders" : "Signature";
      throw new IncompleteSignature(`Authorization header requires '${missing}' parameter. Authorization=${auth.slice(0, 200)}`);
    }
    // `AKID/yyyymmdd/region/service/aws4_request`, read by its four slashes.
    const c = f.Credential;
    const s1 = c.indexOf("/");
    const s2 = s1 < 0 ? -1 : c.indexOf("/", s1 + 1);
    const s3 = s2 < 0 ? -1 : c.indexOf("/", s2 + 1);
    const s4 = s3 < 0 ? -1 : c.indexOf("/", s3 + 1);
    if (s4 < 0 || c.length - s4 - 1 !== 12 || !c.endsWith("/aws4_request")) throw new IncompleteSignature(`Authorization header requires a valid Credential. Authorization=${auth.slice(0, 200)}`);
    return {
      accessKeyId: c.slice(0, s1),
      date: c.slice(s1 + 1, s2),
      region: c.slice(s2 + 1, s3),
      service: c.slice(s3 + 1, s4),
      scope: c.slice(s1 + 1),
      signedHeaders: signedHeaderList(f.SignedHeaders),
      signedHeadersText: f.SignedHeaders,
      signature: f.Signature,
      amzDate: req.headers["x-amz-date"],
      presigned: false,
      sessionToken: req.headers["x-amz-security-token"],
    };
  }
  if (query.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") return undefined;
  const credential = query.get("X-Amz-Credential");
  const signature = query.get("X-Amz-Signature");
  const signed = query.get("X-Amz-SignedHeaders");
  const amzDate = query.get("X-Amz-Date");
  if (!credential || !signature || !signed || !amzDate) throw new IncompleteSignature("Query-string authentication requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
  const scope = credential.split("/");
  if (scope.length !== 5) throw new IncompleteSignature("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
  const expires = query.get("X-Amz-Expires");
  return {
    accessKeyId: scope[0]!,
    date: scope[1]!,
    region: scope[2]!,
    service: scope[3]!,
    scope: `${scope[1]}/${scope[2]}/${scope[3]}/aws4_request`,
    signedHeaders: signed.split(";"),
    signedHeadersText: signed,
    signature,
    amzDate,
    presigned: true,
    ...(expires !== null ? { expires: Number(expires) } : {}),
    sessionToken: query.get("X-Amz-Security-Token") ?? undefined,
  };
}

/** RFC 3986 encoding as SigV4 wants it (what the SDKs' `escapeUri` does). */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Every service but S3 normalises the path and encodes it once more; S3 signs it as sent. */
export function canonicalPath(rawPath: string, service: string): string {
  if (service === "s3") return rawPath || "/";
  const segments: string[] = [];
  for (const segment of rawPath.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const normalized = `${rawPath.startsWith("/") ? "/" : ""}${segments.join("/")}${segments.length > 0 && rawPath.endsWith("/") ? "/" : ""}`;
  return escapeUri(normalized).replace(/%2F/g, "/") || "/";
}

export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === "") return "";
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = escapeUri(decode(eq < 0 ? part : part.slice(0, eq)));
    if (key === "X-Amz-Signature") continue;
    pairs.push([key, escapeUri(decode(eq < 0 ? "" : part.slice(eq + 1).replace(/\+/g, "%20")))]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** Node has already trimmed the value; AWS also turns line breaks into spaces and squeezes runs of spaces. */
const UNTIDY_VALUE = /[\r\n\t]| {2}|^ | $/;

function headerValue(value: string | undefined): string {
  if (value === undefined) return "";
  return UNTIDY_VALUE.test(value) ? value.replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").trim() : value;
}

/** A path that normalises and encodes to itself: segments of unreserved characters, none `.` or `..`, no empty one. */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9\-._~]+)*\/?$/;

/**
 * `tidy`: a value known to need no normalising (the session token issued with the key: base64), so
 * that the longest header of a request signed with temporary credentials is compared, not scanned.
 */
export function canonicalRequest(req: SignableRequest, parts: SignatureParts, payloadHash: string, tidy?: string): string {
  const path = parts.service !== "s3" && (req.rawPath === "/" || (req.rawPath !== "" && PLAIN_PATH.test(req.rawPath))) ? req.rawPath : canonicalPath(req.rawPath, parts.service);
  let text = `${req.method}\n${path}\n${canonicalQuery(req.rawQuery)}\n`;
  for (const name of parts.signedHeaders) {
    const value = req.headers[name];
    text += `${name}:${value !== undefined && value === tidy ? value : headerValue(value)}\n`;
  }
  return `${text}\n${parts.signedHeadersText}\n${payloadHash}`;
}

export function sha256Hex(data: string | Buffer): string {
  // One-shot hashing: no Hash object per call (a few µs each on the enforced request's path).
  return hash("sha256", data, "hex");
}

export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * A derived signing key with HMAC's two padded blocks precomputed, so that signing one string is
 * two one-shot SHA-256 hashes (RFC 2104: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))) instead of an Hmac
 * object. The text is written after the inner block in the key's own buffer and the inner digest
 * passes as a latin1 string (a Buffer result costs more than the hash of a block).
 */
export class SigningKey {
  /** The inner padded block, followed by room for the text signed (reused: requests are verified one at a time). */
  private inner = Buffer.alloc(64 + 512, 0x36);
  private readonly outer = Buffer.alloc(96, 0x5c);
  private view = this.inner.subarray(0, 0);

  constructor(readonly key: Buffer) {
    // A SHA-256 key is 32 bytes: shorter than the block, so it is padded, not hashed.
    for (let i = 0; i < key.length; i++) {
      this.inner[i]! ^= key[i]!;
      this.outer[i]! ^= key[i]!;
    }
  }

  /**
   * HMAC-SHA256 of `text` under this key, in hex. The text is taken byte per character (latin1):
   * what a string to sign holds is ASCII or came from header bytes Node read as latin1.
   */
  sign(text: string): string {
    const size = 64 + text.length;
    if (size > this.inner.length) {
      const larger = Buffer.allocUnsafe(size);
      this.inner.copy(larger, 0, 0, 64);
      this.inner = larger;
      this.view = larger.subarray(0, 0);
    }
    this.inner.write(text, 64, "latin1");
    // A client's strings to sign are all one length (date, scope and digest are): its view is kept.
    if (this.view.length !== size) this.view = this.inner.subarray(0, size);
    this.outer.write(hash("sha256", this.view, "binary"), 64, "latin1");
    return hash("sha256", this.outer, "hex");
  }
}

interface ScopedKey {
  date: string;
  region: string;
  service: string;
  key: SigningKey;
}

/**
 * Derives signing keys, remembering the last few hundred (a client signs with the same scope all
 * day). Looked up by the secret (the same string every time, so its hash is computed once), then
 * by comparing the scope's three short texts: no key text to build and hash per request.
 */
export class SigningKeys {
  private bySecret = new Map<string, ScopedKey[]>();
  private count = 0;

  key(secret: string, date: string, region: string, service: string): SigningKey {
    let scoped = this.bySecret.get(secret);
    if (scoped) {
      for (const s of scoped) if (s.date === date && s.region === region && s.service === service) return s.key;
    }
    let derived = createHmac("sha256", `AWS4${secret}`).update(date).digest();
    for (const part of [region, service, "aws4_request"]) derived = createHmac("sha256", derived).update(part).digest();
    const key = new SigningKey(derived);
    if (this.count >= 512) {
      this.bySecret.clear();
      this.count = 0;
      scoped = undefined;
    }
    if (!scoped) this.bySecret.set(secret, (scoped = []));
    // The newest scope first (yesterday's is rarely asked for again); a few per secret at most.
    scoped.unshift({ date, region, service, key });
    if (scoped.length > 8) scoped.pop();
    else this.count++;
    return key;
  }
}

export interface Computed {
  signature: string;
  canonicalRequest: string;
  stringToSign: string;
}

/** The signature the request should carry given the secret, and the texts it was computed from. */
export function expectedSignature(req: SignableRequest, parts: SignatureParts, payloadHash: string, signingKey: SigningKey, tidy?: string): Computed {
  const canonical = canonicalRequest(req, parts, payloadHash, tidy);
  const stringToSign = `AWS4-HMAC-SHA256\n${parts.amzDate ?? ""}\n${parts.scope}\n${sha256Hex(canonical)}`;
  return { signature: signingKey.sign(stringToSign), canonicalRequest: canonical, stringToSign };
}

/**
 * Constant-time comparison of two texts (their lengths are not secret): every character is
 * compared whatever the earlier ones were, with no allocation (a signature and a session token per
 * request).
 */
export function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** `20250101T000000Z` → ms; NaN when it is not one. */
export function parseAmzDate(text: string): number {
  if (text === lastDate.text) return lastDate.ms;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  const ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
  lastDate.text = text;
  lastDate.ms = ms;
  return ms;
}
/** Requests signed in the same second share their date: the last one parsed is remembered (a pure function's memo). */
const lastDate = { text: "", ms: NaN };

export function amzDateOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}
