/**
 * A request body that arrived whole before dispatch (the fast path reads plain requests whole), as
 * the Readable services expect. A consumer that wants the bytes at once (S3 gathers small bodies
 * to hash and store them) takes the chunks instead of reading: measured, a stream over a 4 KiB
 * body (its state, events and the buffers it copies into) cost a small PUT more than its hashing.
 */
import { Readable } from "node:stream";

export class BufferedBody extends Readable {
  private delivered = false;

  constructor(private readonly parts: readonly Buffer[]) {
    super();
  }

  override _read(): void {
    if (this.delivered) return;
    this.delivered = true;
    for (const part of this.parts) this.push(part);
    this.push(null);
  }

  /** The body's chunks when nothing has read it yet; the stream then ends empty. */
  takeChunks(): readonly Buffer[] | undefined {
    if (this.delivered) return undefined;
    this.delivered = true;
    this.push(null);
    return this.parts;
  }
}

/** The chunks of a body stream that arrived whole and is still unread, or undefined. */
export function takeBufferedChunks(stream: Readable): readonly Buffer[] | undefined {
  return stream instanceof BufferedBody ? stream.takeChunks() : undefined;
}
