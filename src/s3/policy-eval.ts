/**
 * A small bucket-policy evaluator for what S3 judges by the bucket policy alone: requests without
 * credentials (anonymous). A statement applies to them when its Principal is `*` (or `{"AWS":"*"}`).
 * An explicit Deny wins over an Allow; without an Allow the answer is an implicit deny.
 *
 * Conditions: String{Equals,NotEquals,EqualsIgnoreCase,NotEqualsIgnoreCase,Like,NotLike}, Bool,
 * Null, NumericEquals/LessThan(Equals)/GreaterThan(Equals), each with `IfExists`, over the keys the
 * request supplies (aws:SecureTransport, aws:Referer, aws:SourceIp as text, s3:prefix, ...). An
 * operator it does not know makes its statement not apply (an Allow grants nothing, a Deny denies
 * nothing). Resource and action wildcards `*` and `?` are matched without regular expressions.
 */

export type Verdict = "allow" | "deny" | "none";

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

export type RequestValues = Record<string, string | undefined>;

function list(v: unknown): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** `*` and `?` wildcards, iteratively (linear backtracking on the last `*` only). */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

function anyone(principal: unknown): boolean {
  if (principal === "*") return true;
  if (typeof principal === "object" && principal !== null) return list((principal as { AWS?: unknown }).AWS).includes("*");
  return false;
}

function appliesToAnonymous(s: Statement): boolean {
  if (s.Principal !== undefined) return anyone(s.Principal);
  if (s.NotPrincipal !== undefined) return !anyone(s.NotPrincipal);
  return false;
}

function actionMatches(s: Statement, action: string): boolean {
  const a = action.toLowerCase();
  if (s.Action !== undefined) return list(s.Action).some((p) => wildcardMatch(p.toLowerCase(), a));
  if (s.NotAction !== undefined) return !list(s.NotAction).some((p) => wildcardMatch(p.toLowerCase(), a));
  return false;
}

function resourceMatches(s: Statement, resource: string): boolean {
  if (s.Resource !== undefined) return list(s.Resource).some((p) => wildcardMatch(p, resource));
  if (s.NotResource !== undefined) return !list(s.NotResource).some((p) => wildcardMatch(p, resource));
  return false;
}

function compare(op: string, actual: string, wanted: string): boolean | undefined {
  switch (op) {
    case "StringEquals":
      return actual === wanted;
    case "StringEqualsIgnoreCase":
      return actual.toLowerCase() === wanted.toLowerCase();
    case "StringLike":
      return wildcardMatch(wanted, actual);
    case "Bool":
      return actual.toLowerCase() === wanted.toLowerCase();
    case "NumericEquals":
      return Number(actual) === Number(wanted);
    case "NumericLessThan":
      return Number(actual) < Number(wanted);
    case "NumericLessThanEquals":
      return Number(actual) <= Number(wanted);
    case "NumericGreaterThan":
      return Number(actual) > Number(wanted);
    case "NumericGreaterThanEquals":
      return Number(actual) >= Number(wanted);
    default:
      return undefined;
  }
}

const NEGATED: Record<string, string> = {
  StringNotEquals: "StringEquals",
  StringNotEqualsIgnoreCase: "StringEqualsIgnoreCase",
  StringNotLike: "StringLike",
  NumericNotEquals: "NumericEquals",
};

/** One condition block entry; undefined when the operator is not supported. */
function conditionHolds(operator: string, entries: Record<string, unknown>, values: RequestValues): boolean | undefined {
  const ifExists = operator.endsWith("IfExists");
  const base = ifExists ? operator.slice(0, -"IfExists".length) : operator;
  for (const [rawKey, wanted] of Object.entries(entries)) {
    const actual = values[rawKey.toLowerCase()];
    const wants = list(wanted);
    if (base === "Null") {
      if ((actual === undefined) !== (wants[0]?.toLowerCase() === "true")) return false;
      continue;
    }
    if (actual === undefined) {
      // A missing key: IfExists passes; a negated operator holds; any other does not.
      if (ifExists || base in NEGATED) continue;
      return false;
    }
    const positive = NEGATED[base] ?? base;
    const results = wants.map((w) => compare(positive, actual, w));
    if (results.some((r) => r === undefined)) return undefined;
    const any = results.some(Boolean);
    if (base in NEGATED ? any : !any) return false;
  }
  return true;
}

function conditionsHold(s: Statement, values: RequestValues): boolean {
  if (typeof s.Condition !== "object" || s.Condition === null) return true;
  for (const [operator, entries] of Object.entries(s.Condition as Record<string, unknown>)) {
    if (typeof entries !== "object" || entries === null) return false;
    if (conditionHolds(operator, entries as Record<string, unknown>, values) !== true) return false;
  }
  return true;
}

/** A parsed policy's statements (a policy that does not parse has none). */
export function statementsOf(policy: string | undefined): Statement[] {
  if (!policy) return [];
  try {
    const doc = JSON.parse(policy) as { Statement?: unknown };
    const s = doc.Statement;
    const all = Array.isArray(s) ? s : s !== undefined ? [s] : [];
    return all.filter((x): x is Statement => typeof x === "object" && x !== null);
  } catch {
    return [];
  }
}

/** How the policy answers an anonymous request for `action` on `resource`. */
export function evaluateAnonymous(statements: Statement[], action: string, resource: string, values: RequestValues): Verdict {
  let verdict: Verdict = "none";
  for (const s of statements) {
    if (!appliesToAnonymous(s) || !actionMatches(s, action) || !resourceMatches(s, resource) || !conditionsHold(s, values)) continue;
    if (s.Effect === "Deny") return "deny";
    if (s.Effect === "Allow") verdict = "allow";
  }
  return verdict;
}
