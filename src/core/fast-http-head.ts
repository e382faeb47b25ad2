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

const METHOD_LIST = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
const METHODS = new Set(METHOD_LIST);
/** RFC 9110 token characters (header names). */
export const TOKEN_CHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TOKEN_CHAR[c.charCodeAt(0)] = 1;
const DIGITS = /^\d{1,15}$/;
/** Headers whose presence means the request is not a plain one (or fastify would treat it specially). */
const NOT_PLAIN = new Set(["transfer-encoding", "expect", "upgrade", "accept-version", "http2-settings"]);
/** Their lengths: most names are told apart without a set lookup. */
const NOT_PLAIN_LENGTHS = new Uint8Array(32);
for (const name of NOT_PLAIN) NOT_PLAIN_LENGTHS[name.length] = 1;

/** Node's parser takes only visible ASCII in a request target (0x80-0xFF, controls and spaces are HPE_INVALID_URL). */
function hasControlOrSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return true;
  }
  return false;
}

/** A request line the fast path serves: a known method, an origin-form target of visible ASCII, HTTP/1.1. */
function plainRequestLine(method: string, url: string, version: string): boolean {
  return version === "HTTP/1.1" && METHODS.has(method) && url.charCodeAt(0) === 47 && url.length <= 65535 && !hasControlOrSpace(url);
}

/**
 * Whether the start of a head that is not complete yet can no longer become one the fast path
 * serves: Node's parser then takes it now, and answers at once what it refuses (a TLS ClientHello,
 * a bare-LF request, a lower-case method, a bad header) instead of the fast path waiting for a
 * `\r\n\r\n` that may never come. (A prefix of a plain request is one Node waits on too.)
 */
function cannotBecomePlain(text: string, maxBody: number): boolean {
  const lineEnd = text.indexOf("\r\n");
  let line = lineEnd < 0 ? text : text.slice(0, lineEnd);
  if (lineEnd >= 0) {
    const sp1 = line.indexOf(" ");
    const sp2 = line.lastIndexOf(" ");
    if (sp1 <= 0 || sp2 <= sp1 || !plainRequestLine(line.slice(0, sp1), line.slice(sp1 + 1, sp2), line.slice(sp2 + 1))) return true;
  } else {
    if (line.endsWith("\r")) line = line.slice(0, -1);
    const parts = line.split(" ");
    if (parts.length > 3 || !METHOD_LIST.some((m) => m.startsWith(parts[0]!))) return true;
    if (parts.length >= 2 && !METHODS.has(parts[0]!)) return true;
    if (parts.length >= 2 && parts[1]!.length > 0 && (parts[1]!.charCodeAt(0) !== 47 || hasControlOrSpace(parts[1]!))) return true;
    if (parts.length === 3 && (parts[1]!.length === 0 || !"HTTP/1.1".startsWith(parts[2]!))) return true;
    return false;
  }
  // The header lines received whole, checked as a complete head's are; then the one still arriving.
  const lastEnd = text.lastIndexOf("\r\n");
  if (lastEnd > lineEnd) {
    const headers = parseHeaders(text.slice(0, lastEnd), lineEnd + 2);
    if (headers === undefined) return true;
    const length = headers["content-length"];
    if (length !== undefined && (!DIGITS.test(length) || Number(length) > maxBody)) return true;
    if (headers.connection?.toLowerCase().includes("upgrade")) return true;
  }
  const rest = text.slice(lastEnd + 2);
  const colon = rest.indexOf(":");
  const name = colon < 0 ? (rest.endsWith("\r") ? rest.slice(0, -1) : rest) : rest.slice(0, colon);
  for (let i = 0; i < name.length; i++) if (TOKEN_CHAR[name.charCodeAt(i)] !== 1) return true;
  if (colon === 0) return true;
  if (colon > 0) {
    const value = rest.slice(colon + 1);
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 13 && i === value.length - 1) break;
      if ((c < 32 && c !== 9) || c === 127) return true;
    }
    const lower = name.toLowerCase();
    if (lower === "content-length" && !/^[ ]*\d*[ ]*\r?$/.test(value)) return true;
    if (NOT_PLAIN.has(lower) || lower === "__proto__") return true;
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
    // Node refuses a tab around a Content-Length's digits (HPE_INVALID_CONTENT_LENGTH), not spaces.
    if (name === "content-length" && head.slice(pos, i).includes("\t")) return undefined;
    if (headers[name] !== undefined || (NOT_PLAIN_LENGTHS[name.length] === 1 && NOT_PLAIN.has(name))) return undefined;
    if (name === "__proto__") return undefined; // Node drops this header: its parser decides what the request is
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
  if (end < 0) return buf.length > MAX_HEAD || cannotBecomePlain(text, maxBody) ? FALLBACK : INCOMPLETE;
  if (end > MAX_HEAD) return FALLBACK;
  const head = text.length === end ? text : text.slice(0, end);
  const lineEnd = head.indexOf("\r\n");
  const requestLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
  const sp1 = requestLine.indexOf(" ");
  const sp2 = requestLine.lastIndexOf(" ");
  if (sp1 <= 0 || sp2 <= sp1) return FALLBACK;
  const method = requestLine.slice(0, sp1);
  const url = requestLine.slice(sp1 + 1, sp2);
  // Origin-form only, visible ASCII (percent-escapes are the codecs' to decode, as on Node's path).
  if (!plainRequestLine(method, url, requestLine.slice(sp2 + 1))) return FALLBACK;
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
