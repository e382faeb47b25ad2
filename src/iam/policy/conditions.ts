/**
 * Condition operators: String*, Numeric*, Date*, Bool, Arn*, Null, with the `IfExists` suffix and
 * the `ForAllValues:` / `ForAnyValue:` set prefixes. Within an operator every key must hold (AND);
 * within a key any policy value may match (OR); negated operators hold when no value matches.
 * A key absent from the request: false, except negated operators, `IfExists` and ForAllValues (true).
 */
import type { ConditionBlock } from "./document.js";
import { contextValue, substitute, wildcardMatch, type RequestContextKeys } from "./match.js";

type Compare = (policy: string, request: string) => boolean;

function numeric(f: (a: number, b: number) => boolean): Compare {
  return (p, r) => {
    const a = Number(r);
    const b = Number(p);
    return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
  };
}

function dated(f: (a: number, b: number) => boolean): Compare {
  const time = (s: string): number => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));
  return (p, r) => {
    const a = time(r);
    const b = time(p);
    return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
  };
}

function arnLike(p: string, r: string): boolean {
  const ps = p.split(":");
  const rs = r.split(":");
  if (ps.length < 6 || rs.length < 6) return false;
  const pHead = ps.slice(0, 5);
  const rHead = rs.slice(0, 5);
  return pHead.every((seg, i) => wildcardMatch(seg, rHead[i]!)) && wildcardMatch(ps.slice(5).join(":"), rs.slice(5).join(":"));
}

/** Operator → [comparison, negated]. */
const OPERATORS: Record<string, [Compare, boolean]> = {
  StringEquals: [(p, r) => p === r, false],
  StringNotEquals: [(p, r) => p === r, true],
  StringEqualsIgnoreCase: [(p, r) => p.toLowerCase() === r.toLowerCase(), false],
  StringNotEqualsIgnoreCase: [(p, r) => p.toLowerCase() === r.toLowerCase(), true],
  StringLike: [(p, r) => wildcardMatch(p, r), false],
  StringNotLike: [(p, r) => wildcardMatch(p, r), true],
  NumericEquals: [numeric((a, b) => a === b), false],
  NumericNotEquals: [numeric((a, b) => a === b), true],
  NumericLessThan: [numeric((a, b) => a < b), false],
  NumericLessThanEquals: [numeric((a, b) => a <= b), false],
  NumericGreaterThan: [numeric((a, b) => a > b), false],
  NumericGreaterThanEquals: [numeric((a, b) => a >= b), false],
  DateEquals: [dated((a, b) => a === b), false],
  DateNotEquals: [dated((a, b) => a === b), true],
  DateLessThan: [dated((a, b) => a < b), false],
  DateLessThanEquals: [dated((a, b) => a <= b), false],
  DateGreaterThan: [dated((a, b) => a > b), false],
  DateGreaterThanEquals: [dated((a, b) => a >= b), false],
  Bool: [(p, r) => p.toLowerCase() === r.toLowerCase(), false],
  BinaryEquals: [(p, r) => p === r, false],
  ArnEquals: [arnLike, false],
  ArnLike: [arnLike, false],
  ArnNotEquals: [arnLike, true],
  ArnNotLike: [arnLike, true],
};

export function isKnownOperator(operator: string): boolean {
  const base = operator.replace(/^For(?:AllValues|AnyValue):/, "").replace(/IfExists$/, "");
  return base === "Null" || Object.prototype.hasOwnProperty.call(OPERATORS, base);
}

function anyMatch(compare: Compare, policyValues: string[], value: string): boolean {
  return policyValues.some((p) => compare(p, value));
}

interface ParsedOperator {
  set: string | undefined;
  base: string;
  ifExists: boolean;
}

/** Operators as policies spell them, parsed once (a policy is evaluated on every enforced request). */
const parsedOperators = new Map<string, ParsedOperator>();

function parseOperator(operator: string): ParsedOperator {
  let parsed = parsedOperators.get(operator);
  if (!parsed) {
    const set = /^For(AllValues|AnyValue):/.exec(operator)?.[1];
    let base = set ? operator.slice(operator.indexOf(":") + 1) : operator;
    const ifExists = base.endsWith("IfExists");
    if (ifExists) base = base.slice(0, -"IfExists".length);
    parsed = { set, base, ifExists };
    if (parsedOperators.size >= 1024) parsedOperators.clear();
    parsedOperators.set(operator, parsed);
  }
  return parsed;
}

function keyHolds(operator: string, policyValues: string[], requestValue: string[] | undefined): boolean {
  const { set, base, ifExists } = parseOperator(operator);
  if (base === "Null") {
    const absent = requestValue === undefined || requestValue.length === 0;
    return policyValues.some((p) => (p.toLowerCase() === "true") === absent);
  }
  const op = Object.prototype.hasOwnProperty.call(OPERATORS, base) ? OPERATORS[base] : undefined;
  if (!op) return false;
  const [compare, negated] = op;
  const matches = (value: string): boolean => anyMatch(compare, policyValues, value) !== negated;
  if (set === "AllValues") return (requestValue ?? []).every(matches);
  if (set === "AnyValue") return (requestValue ?? []).some(matches);
  if (requestValue === undefined || requestValue.length === 0) return ifExists || negated;
  // A single-valued operator on a multivalued key: any value may satisfy it.
  return requestValue.some(matches);
}

/** Whether every condition of a statement holds for the request's context keys. */
export function conditionsHold(block: ConditionBlock | undefined, context: RequestContextKeys, variables: boolean): boolean {
  if (!block) return true;
  for (const operator in block) {
    const keys = block[operator]!;
    for (const key in keys) {
      const rawValues = keys[key]!;
      const values = variables && rawValues.some((v) => v.includes("${")) ? rawValues.map((v) => substitute(v, context)).filter((v): v is string => v !== undefined) : rawValues;
      const found = contextValue(context, key);
      const requestValue = found === undefined ? undefined : Array.isArray(found) ? found : [found];
      if (!keyHolds(operator, values, requestValue)) return false;
    }
  }
  return true;
}
