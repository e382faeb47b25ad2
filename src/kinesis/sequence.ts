/**
 * Sequence numbers: 56 decimal digits, rising per shard (and across the stream), built from the
 * clock so they keep rising across restarts, as AWS's do. The number is `49`, then the
 * millisecond times 10^6 plus a counter within it, padded to 54 digits; it is kept as the two
 * parts (plain numbers: no BigInt on the PutRecord path).
 */
const PER_MS = 1_000_000;

export class SequenceNumbers {
  private lastMs = 0;
  private lastSub = 0;

  next(nowMs: number): string {
    if (nowMs > this.lastMs) {
      this.lastMs = nowMs;
      this.lastSub = 0;
    } else if (++this.lastSub === PER_MS) {
      this.lastMs++;
      this.lastSub = 0;
    }
    return text(this.lastMs, this.lastSub);
  }

  /** The number just below every record arriving from `nowMs` on (a shard's starting number). */
  at(nowMs: number): string {
    return text(nowMs, 0);
  }

  seen(seq: string): void {
    const digits = seq.slice(2).padStart(54, "0");
    const ms = Number(digits.slice(0, 48));
    const sub = Number(digits.slice(48));
    if (ms > this.lastMs || (ms === this.lastMs && sub > this.lastSub)) {
      this.lastMs = ms;
      this.lastSub = sub;
    }
  }
}

function text(ms: number, sub: number): string {
  return `49${String(ms).padStart(48, "0")}${String(sub).padStart(6, "0")}`;
}
