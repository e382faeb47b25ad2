/**
 * AWS's six-field cron: `cron(minutes hours day-of-month month day-of-week year)`, with `,` `-`
 * `*` `/` everywhere, `?` in one of the two day fields (exactly one of them must be `?`), `L` and
 * `W` in day-of-month, `L` and `#` in day-of-week (1 = SUN ... 7 = SAT), evaluated in a time zone.
 */
import { localTime, utcOf } from "./time-zone.js";

export class CronError extends Error {}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

type DomRule = { kind: "any" } | { kind: "set"; days: Set<number> } | { kind: "last"; offset: number } | { kind: "weekday"; day: number } | { kind: "lastWeekday" };
type DowRule = { kind: "any" } | { kind: "set"; days: Set<number> } | { kind: "last"; dow: number } | { kind: "nth"; dow: number; n: number };

export interface Cron {
  minutes: number[];
  hours: number[];
  dom: DomRule;
  months: Set<number>;
  dow: DowRule;
  years: Set<number>;
}

function value(text: string, min: number, max: number, names?: string[]): number {
  const upper = text.toUpperCase();
  const named = names?.indexOf(upper) ?? -1;
  const n = named >= 0 ? named + min : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) throw new CronError(`bad value ${text}`);
  return n;
}

function parseSet(field: string, min: number, max: number, names?: string[]): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/");
    if (range === undefined || part.split("/").length > 2) throw new CronError(`bad field ${field}`);
    const step = stepText === undefined ? 1 : value(stepText, 1, max - min + 1);
    let from: number;
    let to: number;
    if (range === "*") [from, to] = [min, max];
    else if (range.includes("-")) {
      const [a, b] = range.split("-");
      from = value(a ?? "", min, max, names);
      to = value(b ?? "", min, max, names);
    } else {
      from = value(range, min, max, names);
      to = stepText === undefined ? from : max;
    }
    const span = to >= from ? to - from : to + (max - min + 1) - from;
    for (let i = 0; i <= span; i += step) out.add(((from - min + i) % (max - min + 1)) + min);
  }
  return out;
}

function parseDom(field: string): DomRule {
  if (field === "?") return { kind: "any" };
  if (field === "L") return { kind: "last", offset: 0 };
  if (/^L-\d+$/.test(field)) return { kind: "last", offset: value(field.slice(2), 0, 30) };
  if (field === "LW") return { kind: "lastWeekday" };
  if (/^\d+W$/.test(field)) return { kind: "weekday", day: value(field.slice(0, -1), 1, 31) };
  return { kind: "set", days: parseSet(field, 1, 31) };
}

function parseDow(field: string): DowRule {
  if (field === "?") return { kind: "any" };
  if (field === "L") return { kind: "last", dow: 7 };
  if (/^\w+L$/.test(field)) return { kind: "last", dow: value(field.slice(0, -1), 1, 7, DAYS) };
  if (field.includes("#")) {
    const [d, n] = field.split("#");
    return { kind: "nth", dow: value(d ?? "", 1, 7, DAYS), n: value(n ?? "", 1, 5) };
  }
  return { kind: "set", days: parseSet(field, 1, 7, DAYS) };
}

/** Parses the inside of `cron(...)`; throws CronError when AWS would refuse it. */
export function parseCron(body: string): Cron {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new CronError("cron needs six fields");
  const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if ((dom === "?") === (dow === "?")) throw new CronError("exactly one of day-of-month and day-of-week must be ?");
  return {
    minutes: [...parseSet(min, 0, 59)].sort((a, b) => a - b),
    hours: [...parseSet(hour, 0, 23)].sort((a, b) => a - b),
    dom: parseDom(dom),
    months: parseSet(month, 1, 12, MONTHS),
    dow: parseDow(dow),
    years: parseSet(year, 1970, 2199),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1; // 1 = SUN
}

function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const d = Math.min(day, last);
  const w = weekday(year, month, d);
  if (w === 7) return d === 1 ? 3 : d - 1; // Saturday: Friday, unless that leaves the month
  if (w === 1) return d === last ? d - 2 : d + 1; // Sunday: Monday, unless that leaves the month
  return d;
}

function dayMatches(c: Cron, year: number, month: number, day: number): boolean {
  const last = daysInMonth(year, month);
  switch (c.dom.kind) {
    case "set":
      return c.dom.days.has(day);
    case "last":
      return day === last - c.dom.offset;
    case "weekday":
      return day === nearestWeekday(year, month, c.dom.day);
    case "lastWeekday":
      return day === nearestWeekday(year, month, last);
    case "any":
      break;
  }
  const w = weekday(year, month, day);
  switch (c.dow.kind) {
    case "set":
      return c.dow.days.has(w);
    case "last":
      return w === c.dow.dow && day + 7 > last;
    case "nth":
      return w === c.dow.dow && Math.ceil(day / 7) === c.dow.n;
    case "any":
      return true;
  }
}

/** The first fire time strictly after `after` (ms), or undefined when the schedule has ended. */
export function nextCron(c: Cron, after: number, zone = "UTC"): number | undefined {
  const start = localTime(after, zone);
  let { year, month, day } = start;
  for (let steps = 0; steps < 400_000 && year <= 2199; steps++) {
    if (!c.years.has(year)) {
      [year, month, day] = [year + 1, 1, 1];
      continue;
    }
    if (!c.months.has(month)) {
      [month, day] = [month + 1, 1];
      if (month > 12) [year, month] = [year + 1, 1];
      continue;
    }
    if (day <= daysInMonth(year, month) && dayMatches(c, year, month, day)) {
      for (const hour of c.hours) {
        for (const minute of c.minutes) {
          const at = utcOf({ year, month, day, hour, minute, second: 0 }, zone);
          if (at > after) return at;
        }
      }
    }
    day++;
    if (day > daysInMonth(year, month)) {
      [month, day] = [month + 1, 1];
      if (month > 12) [year, month] = [year + 1, 1];
    }
  }
  return undefined;
}
