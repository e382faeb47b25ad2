/**
 * Spare host processes that have already booted Node (~40 ms of CPU here) and wait to become the
 * host of a function version. A cold start takes one and only runs the
 * function's own init; the pool refills in the background. Kept per memory size, because a
 * process's heap limit is fixed when it starts; only sizes that have been used get spares.
 */
import { HostProcess } from "./host-process.js";

/** A host's V8 heap limit: the function's MemorySize, shared by the environments it runs. */
export function heapLimitMb(memoryMb: number): number {
  return Math.max(32, Math.floor(memoryMb * 0.9));
}

/** User code runs on plain Node: no loader hooks, flags or variables inherited from the emulator's process. */
export function startWorker(memoryMb: number): HostProcess {
  return new HostProcess(heapLimitMb(memoryMb));
}

export class SpareWorkers {
  private spares = new Map<number, HostProcess[]>();
  private refilling = new Set<number>();
  private closed = false;

  constructor(private readonly perSize: number) {}

  /** A booted worker for this memory size (a fresh one when no spare is ready). */
  take(memoryMb: number): HostProcess {
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
    for (const list of this.spares.values()) for (const w of list.splice(0)) w.terminate();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }
}
