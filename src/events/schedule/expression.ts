/**
 * Schedule expressions: `rate(N unit)` and `cron(...)` (EventBridge rules and Scheduler), and
 * Scheduler's one-time `at(yyyy-mm-ddThh:mm:ss)`. `next(after)` gives the following fire time.
 */
import { CronError, nextCron, parseCron } from "./cron.js";
import { utcOf } from "./time-zone.js";

export type Schedule =
  | { kind: "rate"; periodMs: number }
  | { kind: "cron"; cron: ReturnType<typeof parseCron> }
  | { kind: "at"; local: { year: number; month: number; day: number; hour: number; minute: number; second: number } };

const UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** Parses an expression; undefined when it is not valid (the caller words AWS's error). */
export function parseSchedule(expression: string, allowAt = false): Schedule | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!;
    const singular = unit.endsWith("s") ? unit.slice(0, -1) : unit;
    // AWS: the unit is singular for 1 and plural otherwise.
    if (n <= 0 || (n === 1) !== (singular === unit)) return undefined;
    return { kind: "rate", periodMs: n * UNITS[singular]! };
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron) {
    try {
      return { kind: "cron", cron: parseCron(cron[1]!) };
    } catch (err) {
      if (err instanceof CronError) return undefined;
      throw err;
    }
  }
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression.trim());
  if (at && allowAt) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [number, number, number, number, number, number];
    const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
    return { kind: "at", local: { year, month, day, hour, minute, second } };
  }
  return undefined;
}

/**
 * The next fire time strictly after `after`. A rate counts whole periods from `anchor` (when the
 * schedule started); `at` fires once.
 */
export function nextFire(s: Schedule, after: number, anchor: number, zone = "UTC"): number | undefined {
  switch (s.kind) {
    case "rate": {
      const periods = Math.floor((after - anchor) / s.periodMs) + 1;
      return anchor + Math.max(1, periods) * s.periodMs;
    }
    case "cron":
      return nextCron(s.cron, after, zone);
    case "at": {
      const at = utcOf(s.local, zone);
      return at > after ? at : undefined;
    }
  }
}
