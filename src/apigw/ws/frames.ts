/**
 * AWS's per-frame limit: WebSocket frames of at most 32 KB (messages, possibly fragmented, of at
 * most 128 KB: `ws`'s maxPayload enforces that). `ws` has one limit for both, so the frame headers
 * are read here, from the raw socket's bytes ahead of `ws`, without copying payloads.
 */
export class FrameSizeGuard {
  private readonly header = Buffer.alloc(14);
  private have = 0;
  private skip = 0;
  private stopped = false;

  constructor(private readonly limit: number, private readonly onTooLarge: () => void) {}

  feed(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.stopped) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.header[this.have++] = chunk[i++]!;
      if (this.have < 2 || this.have < this.headerLength()) continue;
      const length = this.payloadLength();
      this.have = 0;
      if (length > this.limit) {
        this.stopped = true;
        this.onTooLarge();
        return;
      }
      this.skip = length;
    }
  }

  private headerLength(): number {
    const short = this.header[1]! & 0x7f;
    return 2 + (short === 126 ? 2 : short === 127 ? 8 : 0) + (this.header[1]! & 0x80 ? 4 : 0);
  }

  private payloadLength(): number {
    const short = this.header[1]! & 0x7f;
    if (short === 126) return this.header.readUInt16BE(2);
    if (short === 127) return this.header.readUInt32BE(2) * 2 ** 32 + this.header.readUInt32BE(6);
    return short;
  }
}
