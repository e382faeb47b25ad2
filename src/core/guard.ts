/**
 * The browser and network boundary. local-aws runs next to the user's browser with everything
 * permitted, so a web page must not be able to drive it:
 *
 * - a request carrying an `Origin` (or `Sec-Fetch-Site: cross-site`) that is not on the allow-list
 *   (loopback origins, plus `--cors-origins`) is refused with 403 — a browser sends "simple"
 *   cross-origin POSTs without a preflight, so answering without CORS headers is not enough;
 * - a `Host` that is not a loopback name, a `*.localhost` name, an IP address, the listen address
 *   or a configured name is refused (DNS rebinding: a page whose own name resolves to 127.0.0.1);
 * - admin POSTs (`/_local/*`) must be `Content-Type: application/json`, which a page can send
 *   cross-origin only after a preflight.
 *
 * Allowed origins get CORS headers (as LocalStack does), so a front end at `localhost:3000` can call
 * the APIs with the SDK. Surfaces AWS serves to any origin (S3 websites, invoke URLs) declare
 * themselves public (`dataPlane.public`) and keep AWS's own CORS rules; an API with per-resource
 * CORS (S3 bucket rules, `ApiManifest.ownCors`) gets the foreign origin to judge itself.
 */
import type { HttpRequest, HttpResponse } from "./service.js";

export type OriginVerdict =
  | { kind: "none" }
  | { kind: "allowed"; origin: string }
  | { kind: "foreign"; origin: string; message: string };

export interface GuardOptions {
  corsOrigins?: readonly string[];
  allowedHosts?: readonly string[];
  /** The address the server listens on (accepted as a Host name too). */
  listenHost: string;
}

const LOOPBACK_ORIGINS = ["http://localhost:*", "https://localhost:*", "http://127.0.0.1:*", "https://127.0.0.1:*", "http://[::1]:*", "https://[::1]:*", "http://*.localhost:*", "https://*.localhost:*"];
const NONE: OriginVerdict = { kind: "none" };

/** `*` matches any run of characters; a pattern without a port (`https://app.example`) matches the default port only. */
function wildcardPattern(pattern: string): RegExp {
  const source = pattern
    .toLowerCase()
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`);
}

export class RequestGuard {
  private readonly origins: RegExp[];
  private readonly anyOrigin: boolean;
  private readonly hosts: RegExp[];
  private readonly anyHost: boolean;
  private readonly known = new Map<string, boolean>();

  constructor(options: GuardOptions) {
    const configured = options.corsOrigins ?? [];
    this.anyOrigin = configured.includes("*");
    this.origins = [...LOOPBACK_ORIGINS, ...configured.map(withPort)].map(wildcardPattern);
    const hosts = options.allowedHosts ?? [];
    this.anyHost = hosts.includes("*");
    const listen = options.listenHost.toLowerCase();
    this.hosts = [...hosts, ...(listen === "0.0.0.0" || listen === "::" ? [] : [listen])].map(wildcardPattern);
  }

  /** Why this request's Host is refused, or undefined when it is acceptable. */
  hostRefusal(req: HttpRequest): string | undefined {
    const host = req.headers.host;
    if (host === undefined || this.anyHost) return undefined;
    let ok = this.known.get(host);
    if (ok === undefined) {
      ok = this.hostAllowed(hostName(host));
      if (this.known.size < 1024) this.known.set(host, ok);
    }
    return ok
      ? undefined
      : `local-aws refused Host "${host}": it answers only loopback names, *.localhost, IP addresses and names given with --allowed-hosts (protection against DNS rebinding)`;
  }

  private hostAllowed(name: string): boolean {
    if (name === "localhost" || name.endsWith(".localhost") || isIpLiteral(name)) return true;
    // AWS's models give Step Functions' StartSyncExecution/TestState the host prefix `sync-`: an SDK
    // whose resolver maps `sync-localhost` (or `sync-127.0.0.1`) here is as local as without it.
    if (name.startsWith("sync-") && name.length > 5) return this.hostAllowed(name.slice(5));
    return this.hosts.some((re) => re.test(name));
  }

  /** Where the request comes from, as a browser reports it. */
  origin(req: HttpRequest): OriginVerdict {
    const origin = req.headers.origin;
    if (origin === undefined) {
      if (req.headers["sec-fetch-site"] !== "cross-site") return NONE;
      return { kind: "foreign", origin: "(cross-site)", message: "local-aws refused a cross-site browser request (Sec-Fetch-Site: cross-site); allow its page's origin with --cors-origins" };
    }
    if (this.anyOrigin || this.originAllowed(origin)) return { kind: "allowed", origin };
    return { kind: "foreign", origin, message: `local-aws refused a browser request from origin ${origin}: allow it with --cors-origins (loopback origins are allowed by default)` };
  }

  private originAllowed(origin: string): boolean {
    let ok = this.known.get(`origin ${origin}`);
    if (ok === undefined) {
      const normal = normalOrigin(origin);
      ok = normal !== undefined && this.origins.some((re) => re.test(normal));
      if (this.known.size < 1024) this.known.set(`origin ${origin}`, ok);
    }
    return ok;
  }
}

/** A configured origin without a port means the scheme's default one (origins are compared with their port). */
function withPort(pattern: string): string {
  const m = /^(https?):\/\/([^/:[\]]+|\[[^\]]*\])(:[\d*]+)?\/?$/i.exec(pattern);
  if (!m) return pattern;
  return `${m[1]}://${m[2]}${m[3] ?? (m[1]!.toLowerCase() === "https" ? ":443" : ":80")}`;
}

/** `scheme://host:port` lower-cased with the port always present (so `http://localhost:*` matches port 80 too). */
function normalOrigin(origin: string): string | undefined {
  if (origin === "null") return undefined;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return `${url.protocol}//${url.hostname}:${port}`.toLowerCase();
}

function hostName(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith("[")) {
    const end = lower.indexOf("]");
    return end > 0 ? lower.slice(0, end + 1) : lower;
  }
  const colon = lower.indexOf(":");
  const name = colon >= 0 ? lower.slice(0, colon) : lower;
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

/** An IP address cannot be rebound: a page reaching one has that address as its own origin. */
function isIpLiteral(name: string): boolean {
  if (name.startsWith("[") && name.endsWith("]")) return true;
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name);
}

/** Admin POSTs must carry JSON: a cross-origin page cannot send that without a preflight. */
export function adminContentTypeRefusal(req: HttpRequest): string | undefined {
  if (req.method !== "POST") return undefined;
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  return type === "application/json" ? undefined : "local-aws admin routes take POST requests with Content-Type: application/json only";
}

/** A plain 403 for refusals outside any AWS protocol (admin routes, local data planes). */
export function refusal(status: number, message: string): HttpResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: status === 403 ? "LA_ERR_FORBIDDEN" : "LA_ERR_BAD_REQUEST", message }) };
}

/** Headers an allowed origin gets on every answer. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-credentials": "true",
    "access-control-expose-headers": EXPOSED,
    vary: "Origin",
  };
}
const EXPOSED = "x-amzn-requestid, x-amz-request-id, x-amz-id-2, x-amzn-errortype, x-amz-crc32, x-amz-version-id, x-amz-delete-marker, etag, location, date, content-length, content-type";

/** The answer to a preflight from an allowed origin: whatever it asks for. */
export function preflightAnswer(req: HttpRequest, origin: string): HttpResponse {
  const headers = corsHeaders(origin);
  headers["access-control-allow-methods"] = "HEAD, GET, PUT, POST, DELETE, OPTIONS, PATCH";
  const asked = req.headers["access-control-request-headers"];
  if (asked) headers["access-control-allow-headers"] = asked;
  headers["access-control-max-age"] = "600";
  return { status: 200, headers, body: "" };
}

export function isPreflight(req: HttpRequest): boolean {
  return req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
}

/** Printed when the server listens on every interface. */
export function exposedHostWarning(host: string): string | undefined {
  if (host !== "0.0.0.0" && host !== "::") return undefined;
  return `local-aws: WARNING: listening on ${host}: anyone who can reach this port can do anything (every API is permitted without credentials, functions run code as you). Use --host 127.0.0.1 unless you mean it.`;
}
