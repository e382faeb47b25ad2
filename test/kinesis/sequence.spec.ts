import { describe, expect, it } from "vitest";
import { SequenceNumbers } from "../../src/kinesis/sequence.js";

/** The sequence numbers as first written, with BigInt: the numeric form must give the same text. */
class Reference {
  private last = 0n;
  next(nowMs: number): string {
    const candidate = BigInt(nowMs) * 1_000_000n;
    this.last = candidate > this.last ? candidate : this.last + 1n;
    return `49${this.last.toString().padStart(54, "0")}`;
  }
  seen(seq: string): void {
    const n = BigInt(seq.slice(2));
    if (n > this.last) this.last = n;
  }
}

describe("kinesis sequence numbers", () => {
  it("are 56 digits rising within and across milliseconds, equal to the BigInt arithmetic", () => {
    const seq = new SequenceNumbers();
    const ref = new Reference();
    const times = [0, 0, 1_765_000_000_000, 1_765_000_000_000, 1_765_000_000_000, 1_764_999_999_000, 1_765_000_000_001, 1_765_000_000_001];
    let previous = "";
    for (const t of times) {
      const s = seq.next(t);
      expect(s).toBe(ref.next(t));
      expect(s).toHaveLength(56);
      expect(s > previous).toBe(true);
      previous = s;
    }
    expect(seq.at(1_765_000_000_002)).toBe(`49${(1_765_000_000_002n * 1_000_000n).toString().padStart(54, "0")}`);
  });

  it("carry into the next millisecond after a million numbers in one, and go on after a number seen at restart", () => {
    const seq = new SequenceNumbers();
    const ref = new Reference();
    const restored = `49${(1_765_000_000_000n * 1_000_000n + 999_998n).toString().padStart(54, "0")}`;
    seq.seen(restored);
    ref.seen(restored);
    for (let i = 0; i < 4; i++) expect(seq.next(1_765_000_000_000)).toBe(ref.next(1_765_000_000_000));
    const fifth = seq.next(1_765_000_000_000);
    expect(fifth).toBe(`49${(1_765_000_000_001n * 1_000_000n + 3n).toString().padStart(54, "0")}`);
    expect(fifth).toBe(ref.next(1_765_000_000_000));
    expect(seq.next(1_765_000_000_001)).toBe(ref.next(1_765_000_000_001));
  });
});
