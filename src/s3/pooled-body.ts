/**
 * A small object's bytes sent from a reused buffer. Measured: a fresh 1 MiB buffer per GET costs
 * ~550 µs of page faults (malloc maps and unmaps it each time), reading into a reused one ~70 µs.
 * A buffer may be reused only once the response has handed it to the kernel, so `pipe` (how the
 * server sends a stream body) ends the response with it and takes it back on 'finish'. Any other
 * consumer gets a fresh buffer. A buffer whose response never finishes is simply left to the GC.
 */
import { close, closeSync, openSync, read, readSync } from "node:fs";
import { Readable, type Writable } from "node:stream";

/** Lengths above this are worth a pooled buffer (below it malloc serves from its arena, cheaply). */
export const POOLED_MIN = 128 * 1024;
const BUFFER_SIZE = 1024 * 1024;
/** Buffers kept for reuse: enough for the concurrent GETs of a busy client, 8 MiB at most. */
const POOL_MAX = 8;
const pool: Buffer[] = [];

/** Reads up to `length` bytes at `start` into `buf`; returns how many were there. */
function readInto(fd: number, buf: Buffer, start: number, length: number): number {
  let n = 0;
  while (n < length) {
    const got = readSync(fd, buf, n, length - n, start + n);
    if (got === 0) break;
    n += got;
  }
  return n;
}

export class PooledFileBody extends Readable {
  /** Opened by the handler, so a blob deleted meanwhile is still read (and a missing one fails the request as before). */
  private fd: number | undefined;

  constructor(
    path: string,
    private readonly start: number,
    private readonly length: number,
  ) {
    super();
    if (length > BUFFER_SIZE) throw new Error(`PooledFileBody holds at most ${BUFFER_SIZE} bytes`);
    this.fd = openSync(path, "r");
  }

  private readAll(buf: Buffer): number {
    const fd = this.fd;
    if (fd === undefined) throw new Error("body already consumed");
    this.fd = undefined;
    try {
      return readInto(fd, buf, this.start, this.length);
    } finally {
      closeSync(fd);
    }
  }

  override _read(): void {
    try {
      const buf = Buffer.allocUnsafe(this.length);
      const n = this.readAll(buf);
      this.push(n === this.length ? buf : buf.subarray(0, n));
      this.push(null);
    } catch (err) {
      this.destroy(err as Error);
    }
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    callback(err);
  }

  override pipe<T extends NodeJS.WritableStream>(dest: T): T {
    const buf = pool.pop() ?? Buffer.allocUnsafe(BUFFER_SIZE);
    let n: number;
    try {
      n = this.readAll(buf);
    } catch (err) {
      pool.push(buf);
      this.destroy(err as Error);
      return dest;
    }
    (dest as unknown as Writable).end(buf.subarray(0, n), () => {
      if (pool.length < POOL_MAX) pool.push(buf);
    });
    this.push(null);
    this.resume();
    return dest;
  }
}

/** Chunk size of larger bodies (as the read stream it replaces used). */
const CHUNK = 512 * 1024;
/** Chunks kept for reuse, 8 MiB at most. */
const CHUNK_POOL_MAX = 16;
const chunkPool: Buffer[] = [];

/**
 * A larger single-blob body streamed in 512 KiB chunks from reused buffers (each fresh 512 KiB
 * chunk would be mapped and unmapped by malloc, see above). `pipe` writes to the response itself,
 * honouring backpressure, and takes each chunk back once its write has completed.
 */
export class PooledFileStream extends Readable {
  private fd: number | undefined;
  private position: number;
  private remaining: number;

  constructor(path: string, start: number, length: number) {
    super();
    this.fd = openSync(path, "r");
    this.position = start;
    this.remaining = length;
  }

  private nextChunk(buf: Buffer, done: (err: Error | null, n: number) => void): void {
    read(this.fd!, buf, 0, Math.min(buf.length, this.remaining), this.position, (err, n) => {
      if (!err && n === 0) err = new Error("blob shorter than its recorded size");
      if (!err) {
        this.position += n;
        this.remaining -= n;
      }
      done(err, n);
    });
  }

  override _read(): void {
    if (this.remaining === 0) {
      this.push(null);
      return;
    }
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, this.remaining));
    this.nextChunk(buf, (err, n) => {
      if (err) {
        this.destroy(err);
        return;
      }
      this.push(buf.subarray(0, n));
      if (this.remaining === 0) this.push(null);
    });
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    if (this.fd !== undefined) close(this.fd, () => undefined);
    this.fd = undefined;
    callback(err);
  }

  override pipe<T extends NodeJS.WritableStream>(dest: T): T {
    const out = dest as unknown as Writable;
    const pump = (): void => {
      if (this.destroyed || out.destroyed) {
        this.destroy();
        return;
      }
      if (this.remaining === 0) {
        out.end();
        this.destroy();
        return;
      }
      const buf = chunkPool.pop() ?? Buffer.allocUnsafe(CHUNK);
      this.nextChunk(buf, (err, n) => {
        if (err) {
          this.destroy(err);
          return;
        }
        const more = out.write(buf.subarray(0, n), (writeErr) => {
          if (!writeErr && chunkPool.length < CHUNK_POOL_MAX) chunkPool.push(buf);
        });
        if (more) pump();
        else out.once("drain", pump);
      });
    };
    out.once("close", () => {
      if (this.remaining > 0) this.destroy();
    });
    pump();
    return dest;
  }
}
