import { describe, expect, it } from "vitest";
import { nextFire, parseSchedule, type Schedule } from "../../src/events/schedule/expression.js";

function fires(expr: string, from: string, n: number, zone = "UTC"): string[] {
  const s = parseSchedule(expr, true) as Schedule;
  expect(s, expr).toBeDefined();
  const out: string[] = [];
  let t = Date.parse(from);
  for (let i = 0; i < n; i++) {
    const next = nextFire(s, t, Date.parse(from), zone);
    if (next === undefined) break;
    out.push(new Date(next).toISOString().replace(".000", ""));
    t = next;
  }
  return out;
}

describe("schedule expressions", () => {
  it("parses rate with AWS's singular and plural units", () => {
    expect(parseSchedule("rate(1 hour)")).toEqual({ kind: "rate", periodMs: 3_600_000 });
    expect(parseSchedule("rate(5 minutes)")).toEqual({ kind: "rate", periodMs: 300_000 });
    for (const bad of ["rate(1 hours)", "rate(2 hour)", "rate(0 minutes)", "rate(1 week)", "rate(-1 day)", "rate(1.5 days)"]) expect(parseSchedule(bad), bad).toBeUndefined();
  });
  it("fires a rate one period after its start, then every period", () => {
    expect(fires("rate(1 hour)", "2026-01-01T00:00:00Z", 3)).toEqual(["2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z", "2026-01-01T03:00:00Z"]);
  });
  it("evaluates cron with lists, ranges and steps", () => {
    expect(fires("cron(0/15 10 * * ? *)", "2026-01-01T00:00:00Z", 5)).toEqual([
      "2026-01-01T10:00:00Z",
      "2026-01-01T10:15:00Z",
      "2026-01-01T10:30:00Z",
      "2026-01-01T10:45:00Z",
      "2026-01-02T10:00:00Z",
    ]);
    expect(fires("cron(0 18 ? * MON-FRI *)", "2026-01-02T19:00:00Z", 2)).toEqual(["2026-01-05T18:00:00Z", "2026-01-06T18:00:00Z"]);
    expect(fires("cron(0 8 1,15 JAN,JUL ? 2026-2027)", "2026-01-01T09:00:00Z", 4)).toEqual([
      "2026-01-15T08:00:00Z",
      "2026-07-01T08:00:00Z",
      "2026-07-15T08:00:00Z",
      "2027-01-01T08:00:00Z",
    ]);
  });
  it("supports L, W and # in the day fields", () => {
    expect(fires("cron(0 0 L * ? *)", "2026-01-15T00:00:00Z", 2)).toEqual(["2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z"]);
    // 2026-02-01 is a Sunday: the nearest weekday in the month is Monday the 2nd.
    expect(fires("cron(0 0 1W * ? *)", "2026-01-31T00:00:00Z", 1)).toEqual(["2026-02-02T00:00:00Z"]);
    expect(fires("cron(0 0 ? * 2#1 *)", "2026-01-01T00:00:00Z", 2)).toEqual(["2026-01-05T00:00:00Z", "2026-02-02T00:00:00Z"]);
    expect(fires("cron(0 0 ? * 6L *)", "2026-01-01T00:00:00Z", 1)).toEqual(["2026-01-30T00:00:00Z"]);
  });
  it("ends when the year field runs out", () => {
    expect(fires("cron(0 0 1 1 ? 2026)", "2026-06-01T00:00:00Z", 1)).toEqual([]);
  });
  it("refuses malformed cron", () => {
    for (const bad of ["cron(0 0 * * * *)", "cron(0 0 ? * ? *)", "cron(60 0 * * ? *)", "cron(0 0 * * ?)", "cron(0 0 32 * ? *)", "cron(0 0 ? * 8 *)"]) {
      expect(parseSchedule(bad), bad).toBeUndefined();
    }
  });
  it("evaluates cron and at() in a time zone, across daylight saving", () => {
    // 09:00 in New York is 14:00 UTC in winter and 13:00 UTC in summer (DST began 2026-03-08).
    expect(fires("cron(0 9 * * ? *)", "2026-03-06T15:00:00Z", 3, "America/New_York")).toEqual([
      "2026-03-07T14:00:00Z",
      "2026-03-08T13:00:00Z",
      "2026-03-09T13:00:00Z",
    ]);
    expect(fires("at(2026-07-01T12:00:00)", "2026-01-01T00:00:00Z", 2, "Europe/Paris")).toEqual(["2026-07-01T10:00:00Z"]);
  });
});
