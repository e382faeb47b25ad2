/**
 * Concurrency as AWS counts it: in-flight invocations per function and per account. A function
 * with reserved concurrency is capped at it; the others share what the reservations leave of the
 * account's limit. Over a limit, an invocation is refused at once with a 429 and AWS's Reason.
 */
import type { Scope } from "../core/events.js";
import { lambdaErrors } from "./errors.js";
import type { Metrics } from "./metrics.js";
import type { ResolvedFunction } from "./runtime.js";

export class ConcurrencyGate {
  private inFlight = new Map<string, number>();
  private inFlightUnreserved = new Map<string, number>();
  private reservedTotals = new Map<string, { generation: number; total: number }>();

  constructor(
    private readonly accountLimit: () => number,
    private readonly sumReserved: (scope: Scope) => number,
    private readonly generation: () => number,
    private readonly metrics: Metrics,
  ) {}

  /** Counts the invocation in, or throws TooManyRequestsException; returns its release. */
  admit(f: ResolvedFunction): () => void {
    const key = `${f.scope.accountId}:${f.scope.region}:${f.name}`;
    const acct = `${f.scope.accountId}:${f.scope.region}`;
    const now = this.inFlight.get(key) ?? 0;
    const reserved = f.row.reserved;
    if (reserved !== null) {
      if (now >= reserved) {
        this.metrics.throttled(f.unqualifiedArn, f.name);
        throw lambdaErrors.tooManyRequests("ReservedFunctionConcurrentInvocationLimitExceeded");
      }
    } else {
      const unreservedNow = this.inFlightUnreserved.get(acct) ?? 0;
      if (unreservedNow >= this.accountLimit() - this.reservedTotal(f.scope)) {
        this.metrics.throttled(f.unqualifiedArn, f.name);
        throw lambdaErrors.tooManyRequests("ConcurrentInvocationLimitExceeded");
      }
      this.inFlightUnreserved.set(acct, unreservedNow + 1);
    }
    this.inFlight.set(key, now + 1);
    this.metrics.concurrency(f.unqualifiedArn, f.name, now + 1);
    return () => {
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
      if (reserved === null) this.inFlightUnreserved.set(acct, (this.inFlightUnreserved.get(acct) ?? 1) - 1);
    };
  }

  /** The account's reserved concurrency, cached until the next Lambda write. */
  private reservedTotal(scope: Scope): number {
    const key = `${scope.accountId}\0${scope.region}`;
    const hit = this.reservedTotals.get(key);
    if (hit && hit.generation === this.generation()) return hit.total;
    const total = this.sumReserved(scope);
    this.reservedTotals.set(key, { generation: this.generation(), total });
    return total;
  }

  clear(): void {
    this.inFlight.clear();
    this.inFlightUnreserved.clear();
    this.reservedTotals.clear();
  }
}
