/**
 * Sequence numbers: 56 decimal digits, rising per shard (and across the stream), built from the
 * clock so they keep rising across restarts, as AWS's do.
 */
export class SequenceNumbers {
  private last = 0n;

  next(nowMs: number): string {
    const candidate = BigInt(nowMs) * 1_000_000n;
    this.last = candidate > this.last ? candidate : this.last + 1n;
    return `49${this.last.toString().padStart(54, "0")}`;
  }

  /** The number just below every record arriving from `nowMs` on (a shard's starting number). */
  at(nowMs: number): string {
    return `49${(BigInt(nowMs) * 1_000_000n).toString().padStart(54, "0")}`;
  }

  seen(seq: string): void {
    const n = BigInt(seq.slice(2));
    if (n > this.last) this.last = n;
  }
}
