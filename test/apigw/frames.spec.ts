// Unit test of the 32 KB frame guard: frame headers read from raw socket bytes, however they are split.
import { describe, expect, it } from "vitest";
import { FrameSizeGuard } from "../../src/apigw/ws/frames.js";

/** A masked client frame (text, FIN) with a payload of `length` bytes. */
function frame(length: number, opcode = 0x81): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const head = length < 126 ? Buffer.from([opcode, 0x80 | length]) : length < 65536 ? Buffer.from([opcode, 0x80 | 126, length >> 8, length & 0xff]) : Buffer.concat([Buffer.from([opcode, 0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeUInt32BE(Math.floor(length / 2 ** 32), 0); b.writeUInt32BE(length >>> 0, 4); return b; })()]);
  return Buffer.concat([head, mask, Buffer.alloc(length, 7)]);
}

function guard(): { feed(b: Buffer): void; tripped: () => number } {
  let count = 0;
  const g = new FrameSizeGuard(32 * 1024, () => count++);
  return { feed: (b) => g.feed(b), tripped: () => count };
}

describe("FrameSizeGuard", () => {
  it("lets frames up to 32 KB through, with 7-bit, 16-bit and split headers", () => {
    const g = guard();
    const bytes = Buffer.concat([frame(5), frame(300), frame(32 * 1024), frame(0, 0x89), frame(125)]);
    for (let i = 0; i < bytes.length; i += 7) g.feed(bytes.subarray(i, i + 7));
    expect(g.tripped()).toBe(0);
  });

  it("trips once on a frame over 32 KB, before its payload arrives", () => {
    const g = guard();
    const big = frame(32 * 1024 + 1);
    g.feed(Buffer.concat([frame(10), big.subarray(0, 3)]));
    expect(g.tripped()).toBe(0);
    g.feed(big.subarray(3, 8));
    expect(g.tripped()).toBe(1);
    g.feed(big.subarray(8));
    g.feed(frame(70_000));
    expect(g.tripped()).toBe(1);
  });

  it("reads 64-bit lengths", () => {
    const g = guard();
    g.feed(frame(70_000).subarray(0, 14));
    expect(g.tripped()).toBe(1);
  });
});
