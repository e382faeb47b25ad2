/**
 * Token buckets and quotas on the server clock. AWS applies throttling best-effort; here a bucket
 * with capacity `burst` refilled at `rate` tokens per second decides exactly, so tests are
 * deterministic. State is in memory: limits restart full when the server does.
 */
interface Bucket {
  tokens: number;
  at: number;
}

export class Throttles {
  private readonly buckets = new Map<string, Bucket>();
  private readonly quotas = new Map<string, { period: number; used: number }>();

  /** Takes one token from the bucket `key`; false when it is empty (429). */
  take(key: string, rate: number, burst: number, now: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { tokens: burst, at: now }));
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Counts one request against a quota of `limit` per period; false once it is used up. */
  count(key: string, limit: number, period: "DAY" | "WEEK" | "MONTH", now: number): boolean {
    const start = periodStart(period, now);
    let q = this.quotas.get(key);
    if (!q || q.period !== start) this.quotas.set(key, (q = { period: start, used: 0 }));
    if (q.used >= limit) return false;
    q.used++;
    return true;
  }

  /** Remaining requests of a quota in its current period (for GetUsage-like views). */
  remaining(key: string, limit: number, period: "DAY" | "WEEK" | "MONTH", now: number): number {
    const q = this.quotas.get(key);
    return !q || q.period !== periodStart(period, now) ? limit : Math.max(0, limit - q.used);
  }

  clear(): void {
    this.buckets.clear();
    this.quotas.clear();
  }
}

/** Quota periods start at 00:00 UTC: each day, each Monday (ISO weeks), each first of the month. */
function periodStart(period: "DAY" | "WEEK" | "MONTH", now: number): number {
  const d = new Date(now);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (period === "DAY") return day;
  if (period === "MONTH") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
}
