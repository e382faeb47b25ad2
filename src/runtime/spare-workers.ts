/**
 * Spare worker threads that have already booted Node (~30 ms of CPU here) and wait to become the
 * host of a function version. A cold start takes one and only runs the
 * function's own init; the pool refills in the background. Kept per memory size, because a
 * worker's heap limit is fixed when it starts; only sizes that have been used get spares.
 */
import { Worker } from "node:worker_threads";
import { BOOTSTRAP_SOURCE } from "./worker-bootstrap.js";

/** A host's V8 heap limit: the function's MemorySize, shared by the environments it runs. */
export function heapLimitMb(memoryMb: number): number {
  return Math.max(32, Math.floor(memoryMb * 0.9));
}

export function startWorker(memoryMb: number): Worker {
  const heapMb = heapLimitMb(memoryMb);
  return new Worker(BOOTSTRAP_SOURCE, {
    eval: true,
    // User code runs on plain Node: no loader hooks or flags inherited from the emulator's process.
    execArgv: [],
    env: {},
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(heapMb / 8))) },
    stdout: false,
    stderr: false,
  });
}

export class SpareWorkers {
  private spares = new Map<number, Worker[]>();
  private refilling = new Set<number>();
  private closed = false;

  constructor(private readonly perSize: number) {}

  /** A booted worker for this memory size (a fresh one when no spare is ready). */
  take(memoryMb: number): Worker {
    const spare = this.spares.get(memoryMb)?.shift();
    this.refill(memoryMb);
    return spare ?? startWorker(memoryMb);
  }

  /** Starts spares for a memory size about to be used (a function was created or declared). */
  prime(memoryMb: number): void {
    this.refill(memoryMb);
  }

  get count(): number {
    let n = 0;
    for (const list of this.spares.values()) n += list.length;
    return n;
  }

  private refill(memoryMb: number): void {
    if (this.perSize <= 0 || this.refilling.has(memoryMb) || this.closed) return;
    this.refilling.add(memoryMb);
    // One worker per turn of the event loop, so a refill does not hold up the invocation that
    // took the spare.
    const step = (): void => {
      const list = this.spares.get(memoryMb) ?? [];
      this.spares.set(memoryMb, list);
      if (this.closed || list.length >= this.perSize) {
        this.refilling.delete(memoryMb);
        return;
      }
      const w = startWorker(memoryMb);
      w.unref();
      w.once("exit", () => {
        const i = list.indexOf(w);
        if (i >= 0) list.splice(i, 1);
      });
      list.push(w);
      setImmediate(step);
    };
    setImmediate(step);
  }

  clear(): void {
    for (const list of this.spares.values()) for (const w of list.splice(0)) void w.terminate();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }
}
