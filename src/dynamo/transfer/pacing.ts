/**
 * When the next chunk of a background copy (a backup, a restore, an import) runs: once the
 * requests that came in meanwhile have been answered, or — with `bulkChunkDelayMs`, for tests —
 * that long later on the clock, as a timer (so that advancing a virtual clock runs it).
 */
import type { Clock } from "../../core/clock.js";

export interface ChunkPacing {
  /** Items per chunk. */
  items: number;
  /** 0: after the waiting requests; more: this long after, on the clock. */
  delayMs: number;
}

/**
 * Runs `chunk` later; `track` (the event bus's) counts it as pending work so `/_local/settle`
 * waits for it. A clock timer is not tracked: the clock's own advance runs and settles it.
 */
export function afterRequests(clock: Clock, pacing: ChunkPacing, chunk: () => void | Promise<void>, track?: (work: Promise<void>) => void): void {
  if (pacing.delayMs > 0) {
    clock.setTimer(clock.now() + pacing.delayMs, chunk);
    return;
  }
  const work = new Promise<void>((resolve) => setImmediate(resolve)).then(chunk);
  if (track) track(work);
  else work.catch(() => {});
}
