/**
 * Per-function counters for `GET /_local/lambda/metrics`, and what the usage would cost on AWS
 * (requests and GB-seconds beyond the monthly free tier; prices configurable under
 * `lambda.prices` in the config file).
 */
export interface Prices {
  perMillionRequests: number;
  perGbSecond: number;
  freeRequests: number;
  freeGbSeconds: number;
}

export const defaultPrices: Prices = { perMillionRequests: 0.2, perGbSecond: 0.0000166667, freeRequests: 1_000_000, freeGbSeconds: 400_000 };

interface FunctionStats {
  functionName: string;
  functionArn: string;
  invocations: number;
  errors: number;
  throttles: number;
  coldStarts: number;
  durations: number[];
  peakConcurrency: number;
  gbSeconds: number;
}

const KEEP_DURATIONS = 10_000;

export class Metrics {
  private stats = new Map<string, FunctionStats>();
  /** Invocations that waited for a worker slot (the worker cap, not AWS's concurrency, was the limit). */
  waitedForWorker = 0;

  constructor(private prices: Prices = defaultPrices) {}

  private of(arn: string, name: string): FunctionStats {
    let s = this.stats.get(arn);
    if (!s) {
      s = { functionName: name, functionArn: arn, invocations: 0, errors: 0, throttles: 0, coldStarts: 0, durations: [], peakConcurrency: 0, gbSeconds: 0 };
      this.stats.set(arn, s);
    }
    return s;
  }

  throttled(arn: string, name: string): void {
    this.of(arn, name).throttles++;
  }

  concurrency(arn: string, name: string, inFlight: number): void {
    const s = this.of(arn, name);
    if (inFlight > s.peakConcurrency) s.peakConcurrency = inFlight;
  }

  ran(arn: string, name: string, r: { error: boolean; cold: boolean; billedMs: number; memoryMb: number; durationMs: number }): void {
    const s = this.of(arn, name);
    s.invocations++;
    if (r.error) s.errors++;
    if (r.cold) s.coldStarts++;
    s.gbSeconds += (r.billedMs / 1000) * (r.memoryMb / 1024);
    // A ring of the last KEEP_DURATIONS durations (percentiles need no order).
    if (s.durations.length < KEEP_DURATIONS) s.durations.push(r.durationMs);
    else s.durations[s.invocations % KEEP_DURATIONS] = r.durationMs;
  }

  forget(arn: string): void {
    this.stats.delete(arn);
  }

  clear(): void {
    this.stats.clear();
  }

  report(): Record<string, unknown> {
    const functions = [...this.stats.values()].map((s) => {
      const sorted = [...s.durations].sort((a, b) => a - b);
      const pct = (p: number): number => (sorted.length === 0 ? 0 : round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!));
      return {
        functionName: s.functionName,
        functionArn: s.functionArn,
        invocations: s.invocations,
        errors: s.errors,
        throttles: s.throttles,
        coldStarts: s.coldStarts,
        durationP50Ms: pct(50),
        durationP99Ms: pct(99),
        peakConcurrency: s.peakConcurrency,
        gbSeconds: Math.round(s.gbSeconds * 1e6) / 1e6,
        estimatedCostUsd: this.cost(s.invocations, s.gbSeconds),
      };
    });
    const totalRequests = functions.reduce((a, f) => a + f.invocations, 0);
    const totalGb = [...this.stats.values()].reduce((a, s) => a + s.gbSeconds, 0);
    return { functions, waitedForWorker: this.waitedForWorker, estimatedCostUsd: this.cost(totalRequests, totalGb), prices: this.prices };
  }

  /** Cost of this usage alone, as if it were the month's only usage (after the free tier). */
  private cost(requests: number, gbSeconds: number): number {
    const p = this.prices;
    const req = (Math.max(0, requests - p.freeRequests) / 1_000_000) * p.perMillionRequests;
    const compute = Math.max(0, gbSeconds - p.freeGbSeconds) * p.perGbSecond;
    return Math.round((req + compute) * 1e6) / 1e6;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
