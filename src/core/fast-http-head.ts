import { bareObject } from "./guard-objects.js";

/**
 * Parses the head of an HTTP/1.1 request for the fast path (`fast-http.ts`), accepting only the
 * plain requests AWS clients send: a request line with an origin-form target, unique headers, a
 * Content-Length body of bounded size. Anything else — chunked or `Expect` bodies, upgrades,
 * duplicated or malformed headers, HTTP/1.0 — is `FALLBACK`: Node's HTTP server then takes the
 * connection and answers exactly as it always did (including its 400/413/431 errors).
 */

export interface RequestHead {
  method: string;
  url: string;
  /** Lower-cased names, values trimmed, as Node's IncomingMessage.headers has them. */
  headers: Record<string, string | undefined>;
  /** Offset of the body in the buffer. */
  bodyStart: number;
  bodyLength: number;
  /** The client asked to close the connection after this response. */
  close: boolean;
}

export const INCOMPLETE = 0;
export const FALLBACK = 1;

/** Node's default limit for a request head (16 KiB); a longer head goes to Node, which answers 431. */
export const MAX_HEAD = 16 * 1024;

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);
/** RFC 9110 token characters (header names). */
export const TOKEN_CHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TOKEN_CHAR[c.charCodeAt(0)] = 1;
const DIGITS = /^\d{1,15}$/;
/** Headers whose presence means the request is not a plain one (or fastify would treat it specially). */
const NOT_PLAIN = new Set(["transfer-encoding", "expect", "upgrade", "accept-version", "http2-settings"]);
/** Their lengths: most names are told apart without a set lookup. */
const NOT_PLAIN_LENGTHS = new Uint8Array(32);
for (const name of NOT_PLAIN) NOT_PLAIN_LENGTHS[name.length] = 1;

function hasControlOrSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * One pass over the header lines, checking as Node does: names are tokens, values have no control
 * characters but tab, lines end with CRLF (a bare CR or LF, or a line folded with leading
 * whitespace, is left to Node).
 */
function parseHeaders(head: string, pos: number): Record<string, string | undefined> | undefined {
  const headers = bareObject<string | undefined>(); // as Node's: `constructor` or `__proto__` is just a header name
  const n = head.length;
  while (pos < n) {
    let i = pos;
    let upper = false;
    let c = 0;
    while (i < n && (c = head.charCodeAt(i)) !== 58) {
      if (TOKEN_CHAR[c] !== 1) return undefined;
      if (c <= 90 && c >= 65) upper = true;
      i++;
    }
    if (i === pos || i >= n) return undefined;
    const rawName = head.slice(pos, i);
    const name = upper ? rawName.toLowerCase() : rawName;
    i++;
    while (i < n && ((c = head.charCodeAt(i)) === 32 || c === 9)) i++;
    const valueStart = i;
    while (i < n && (c = head.charCodeAt(i)) !== 13) {
      if ((c < 32 && c !== 9) || c === 127) return undefined;
      i++;
    }
    if (i < n && head.charCodeAt(i + 1) !== 10) return undefined;
    let valueEnd = i;
    while (valueEnd > valueStart && ((c = head.charCodeAt(valueEnd - 1)) === 32 || c === 9)) valueEnd--;
    if (headers[name] !== undefined || (NOT_PLAIN_LENGTHS[name.length] === 1 && NOT_PLAIN.has(name))) return undefined;
    headers[name] = head.slice(valueStart, valueEnd);
    pos = i + 2;
  }
  return headers;
}

export function parseHead(buf: Buffer, maxBody: number): RequestHead | typeof INCOMPLETE | typeof FALLBACK {
  // One conversion, then a string search: cheaper than searching the bytes and converting after.
  // Heads are short: the first 2 KiB usually hold one (the body is not worth converting).
  let text = buf.toString("latin1", 0, Math.min(buf.length, 2048));
  let end = text.indexOf("\r\n\r\n");
  if (end < 0 && buf.length > 2048) {
    text = buf.toString("latin1", 0, Math.min(buf.length, MAX_HEAD + 4));
    end = text.indexOf("\r\n\r\n");
  }
  if (end < 0) return buf.length > MAX_HEAD ? FALLBACK : INCOMPLETE;
  if (end > MAX_HEAD) return FALLBACK;
  const head = text.length === end ? text : text.slice(0, end);
  const lineEnd = head.indexOf("\r\n");
  const requestLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
  const sp1 = requestLine.indexOf(" ");
  const sp2 = requestLine.lastIndexOf(" ");
  if (sp1 <= 0 || sp2 <= sp1 || requestLine.slice(sp2 + 1) !== "HTTP/1.1") return FALLBACK;
  const method = requestLine.slice(0, sp1);
  const url = requestLine.slice(sp1 + 1, sp2);
  // Origin-form only, no percent-encoding (Node/fastify decode or reject it), no control characters or spaces.
  if (!METHODS.has(method) || url.charCodeAt(0) !== 47 || url.includes("%") || url.length > 65535 || hasControlOrSpace(url)) return FALLBACK;
  const headers = parseHeaders(head, lineEnd < 0 ? head.length : lineEnd + 2);
  if (headers === undefined) return FALLBACK;
  if (headers.host === undefined) return FALLBACK; // Node answers 400 for an HTTP/1.1 request without Host
  const length = headers["content-length"];
  let bodyLength = 0;
  if (length !== undefined) {
    if (!DIGITS.test(length)) return FALLBACK;
    bodyLength = Number(length);
    if (bodyLength > maxBody) return FALLBACK;
  }
  const connection = headers.connection;
  if (connection === undefined) return { method, url, headers, bodyStart: end + 4, bodyLength, close: false };
  const lower = connection.toLowerCase();
  if (lower.includes("upgrade")) return FALLBACK;
  return { method, url, headers, bodyStart: end + 4, bodyLength, close: /(^|,)\s*close\s*(,|$)/.test(lower) };
}
