/**
 * The edge cache: in memory, on the core clock, bounded (least recently used entries go first).
 * By design it is not persisted: a restart, restore or reset starts cold, as a new edge would.
 */
import type { Clock } from "../core/clock.js";

export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface Entry extends CachedResponse {
  storedAt: number;
  expiresAt: number;
  /** The URI part of the key (what invalidation paths match). */
  uri: string;
}

const MAX_ENTRIES = 10_000;
const MAX_BYTES = 256 * 1024 * 1024;

export class EdgeCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly clock: Clock) {}

  /**
   * A fresh entry and its age in seconds; an expired one that has a validator (ETag or
   * Last-Modified) as `stale`, for a conditional request to the origin; else undefined.
   */
  get(distributionId: string, key: string): { response: CachedResponse; age: number; stale?: false } | { response: CachedResponse; stale: true } | undefined {
    const k = `${distributionId} ${key}`;
    const e = this.entries.get(k);
    if (!e) return undefined;
    const now = this.clock.now();
    if (now >= e.expiresAt) {
      if (e.headers.etag !== undefined || e.headers["last-modified"] !== undefined) return { response: e, stale: true };
      this.remove(k, e);
      return undefined;
    }
    this.entries.delete(k);
    this.entries.set(k, e);
    return { response: e, age: Math.floor((now - e.storedAt) / 1000) };
  }

  /** A 304 from the origin: the stale entry is fresh again for `ttlSeconds` (headers the 304 carries replace the stored ones). */
  refresh(distributionId: string, key: string, ttlSeconds: number, headers: Record<string, string>): CachedResponse | undefined {
    const k = `${distributionId} ${key}`;
    const e = this.entries.get(k);
    if (!e) return undefined;
    const now = this.clock.now();
    for (const h of ["cache-control", "expires", "etag", "last-modified"]) if (headers[h] !== undefined) e.headers[h] = headers[h];
    e.storedAt = now;
    e.expiresAt = now + Math.max(0, ttlSeconds) * 1000;
    return e;
  }

  put(distributionId: string, key: string, uri: string, response: CachedResponse, ttlSeconds: number): void {
    if (ttlSeconds <= 0 || response.body.length > MAX_BYTES / 16) return;
    const k = `${distributionId} ${key}`;
    const old = this.entries.get(k);
    if (old) this.remove(k, old);
    const now = this.clock.now();
    this.entries.set(k, { ...response, headers: { ...response.headers }, uri, storedAt: now, expiresAt: now + ttlSeconds * 1000 });
    this.bytes += response.body.length;
    for (const [oldest, e] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
      this.remove(oldest, e);
    }
  }

  /** Drops a distribution's entries whose URI an invalidation path matches (`*` only last). */
  invalidate(distributionId: string, paths: string[]): void {
    const prefix = `${distributionId} `;
    for (const [k, e] of this.entries) {
      if (!k.startsWith(prefix)) continue;
      if (paths.some((p) => (p.endsWith("*") ? e.uri.startsWith(p.slice(0, -1)) : e.uri === p))) this.remove(k, e);
    }
  }

  dropDistribution(distributionId: string): void {
    this.invalidate(distributionId, ["/*"]);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(k: string, e: Entry): void {
    this.entries.delete(k);
    this.bytes -= e.body.length;
  }
}

export interface TtlPolicy {
  min: number;
  def: number;
  max: number;
}

const S_MAXAGE = /(?:^|[,\s])s-maxage\s*=\s*"?(\d+)/;
const MAX_AGE = /(?:^|[,\s])max-age\s*=\s*"?(\d+)/;

/**
 * Seconds to keep a response: `s-maxage`, else `max-age` (else `Expires`), clamped to [min, max];
 * none of them → the default. `no-cache`/`no-store`/`private` are honoured only when min is 0.
 */
export function ttlOf(policy: TtlPolicy, headers: Record<string, string>, now: number): number {
  const cc = (headers["cache-control"] ?? "").toLowerCase();
  if (policy.min === 0 && /(^|[,\s])(no-cache|no-store|private)\b/.test(cc)) return 0;
  const directive = (pattern: RegExp): number | undefined => {
    const m = pattern.exec(cc);
    return m ? Number(m[1]) : undefined;
  };
  let origin = cc === "" ? undefined : (directive(S_MAXAGE) ?? directive(MAX_AGE));
  if (origin === undefined && headers.expires !== undefined) {
    const at = Date.parse(headers.expires);
    if (!Number.isNaN(at)) origin = Math.max(0, Math.floor((at - now) / 1000));
  }
  if (origin === undefined) return policy.def;
  return Math.min(policy.max, Math.max(policy.min, origin));
}
