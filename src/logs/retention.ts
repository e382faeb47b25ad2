/**
 * Retention: an hourly sweep on the clock deletes events older than their group's retention
 * (AWS deletes within about 72 hours of expiry; an hour keeps tests short with the virtual clock).
 */
import type { Clock, TimerHandle } from "../core/clock.js";
import type { LogsStore } from "./store.js";

const SWEEP_EVERY_MS = 3_600_000;
const DAY = 86_400_000;

export class RetentionSweeper {
  private timer?: TimerHandle;

  constructor(
    private readonly ls: LogsStore,
    private readonly clock: Clock,
  ) {}

  arm(): void {
    this.timer?.cancel();
    this.timer = this.clock.setTimer(this.clock.now() + SWEEP_EVERY_MS, () => {
      if (!this.ls.store.raw.open) return;
      this.sweep();
      this.arm();
    });
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  sweep(): number {
    const now = this.clock.now();
    let removed = 0;
    this.ls.store.txn(() => {
      for (const g of this.ls.groupsWithRetention.all()) {
        const changes = this.ls.expireEvents.run(g.id, now - g.retention_days * DAY).changes;
        if (changes > 0) {
          removed += changes;
          const bytes = this.ls.groupEventBytes.get(g.id)?.bytes ?? 0;
          this.ls.setStoredBytes.run(bytes, g.id);
        }
      }
    });
    return removed;
  }
}
