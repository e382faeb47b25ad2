/** Clock timers by key (one per scheduled rule or schedule), replaced when re-armed. */
import type { Clock, TimerHandle } from "../core/clock.js";

export class KeyedTimers {
  private readonly timers = new Map<string, TimerHandle>();

  constructor(private readonly clock: Clock) {}

  set(key: string, dueAt: number, fn: () => void | Promise<void>): void {
    this.cancel(key);
    const handle = this.clock.setTimer(dueAt, () => {
      if (this.timers.get(key) === handle) this.timers.delete(key);
      return fn();
    });
    this.timers.set(key, handle);
  }

  cancel(key: string): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
  }

  clear(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }
}
