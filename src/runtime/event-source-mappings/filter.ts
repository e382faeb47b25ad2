/**
 * Event filtering for event source mappings: EventBridge-style patterns (`FilterCriteria`) matched
 * against an SQS record whose `body` is parsed when it is JSON. A record is kept when any filter
 * matches.
 */
type Pattern = Record<string, unknown>;

function matchValue(rule: unknown, value: unknown, present: boolean): boolean {
  if (rule === null || typeof rule !== "object") return present && value === rule;
  const r = rule as Record<string, unknown>;
  if ("exists" in r) return r.exists === present;
  if (!present) return false;
  if ("prefix" in r) return typeof value === "string" && value.startsWith(String(r.prefix));
  if ("suffix" in r) return typeof value === "string" && value.endsWith(String(r.suffix));
  if ("equals-ignore-case" in r) return typeof value === "string" && value.toLowerCase() === String(r["equals-ignore-case"]).toLowerCase();
  if ("anything-but" in r) {
    const but = r["anything-but"];
    if (Array.isArray(but)) return !but.includes(value);
    if (but && typeof but === "object" && "prefix" in but) return !(typeof value === "string" && value.startsWith(String((but as { prefix: string }).prefix)));
    return value !== but;
  }
  if ("numeric" in r && Array.isArray(r.numeric) && typeof value === "number") {
    const ops = r.numeric as (string | number)[];
    for (let i = 0; i + 1 < ops.length; i += 2) {
      const [op, n] = [ops[i], Number(ops[i + 1])];
      const ok = op === "=" ? value === n : op === "<" ? value < n : op === "<=" ? value <= n : op === ">" ? value > n : op === ">=" ? value >= n : false;
      if (!ok) return false;
    }
    return true;
  }
  return false;
}

export function matchesPattern(pattern: Pattern, data: unknown): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    const obj = data !== null && typeof data === "object" ? (data as Record<string, unknown>) : undefined;
    const present = obj !== undefined && key in obj;
    const value = obj?.[key];
    if (Array.isArray(rule)) {
      const values = Array.isArray(value) ? value : [value];
      const ok = rule.some((r) => (r !== null && typeof r === "object" && "exists" in (r as object) ? matchValue(r, value, present) : values.some((v) => matchValue(r, v, present))));
      if (!ok) return false;
    } else if (rule !== null && typeof rule === "object") {
      if (!present || !matchesPattern(rule as Pattern, value)) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** Parses each filter's pattern; throws a message when one is not valid JSON. */
export function parseFilters(filters: { Pattern?: string }[] | undefined): Pattern[] {
  return (filters ?? []).map((f) => {
    const parsed: unknown = JSON.parse(f.Pattern ?? "{}");
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("pattern is not an object");
    return parsed as Pattern;
  });
}

/** The record as filters see it: `body` as JSON when it parses. */
export function filterView(record: Record<string, unknown>): Record<string, unknown> {
  const body = record.body;
  if (typeof body === "string") {
    try {
      return { ...record, body: JSON.parse(body) as unknown };
    } catch {
      return record;
    }
  }
  return record;
}
