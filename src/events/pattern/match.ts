/**
 * Matching an event (parsed JSON) against a compiled pattern, as EventBridge does: every field must
 * match; a leaf matches when any of the event's values there (an array's elements) passes any of
 * its tests; a nested pattern over an array of objects must match within one element (AWS's array
 * consistency); one alternative of each `$or` must match.
 */
import type { CompiledPattern, ValueMatcher } from "./compile.js";

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The leaf values under a field: an array's elements (flattened), never objects. */
function leafValues(value: Json): Json[] {
  if (Array.isArray(value)) return value.flatMap(leafValues);
  if (isObject(value)) return [];
  return [value];
}

function testValue(m: ValueMatcher, v: Json): boolean {
  switch (m.kind) {
    case "exact":
      if (typeof m.value === "number") return typeof v === "number" && v === m.value;
      return v === m.value;
    case "prefix":
      return typeof v === "string" && (m.ignoreCase ? v.toLowerCase().startsWith(m.value) : v.startsWith(m.value));
    case "suffix":
      return typeof v === "string" && (m.ignoreCase ? v.toLowerCase().endsWith(m.value) : v.endsWith(m.value));
    case "equals-ignore-case":
      return typeof v === "string" && v.toLowerCase() === m.value;
    case "wildcard":
      return typeof v === "string" && m.regex.test(v);
    case "numeric":
      return typeof v === "number" && m.ranges.every(([op, n]) => compare(op, v, n));
    case "cidr":
      return typeof v === "string" && m.test(v);
    case "anything-but":
      return (typeof v === "string" || typeof v === "number") && !m.inner.some((inner) => testValue(inner, v));
    case "exists":
      return m.exists;
  }
}

function compare(op: string, v: number, n: number): boolean {
  switch (op) {
    case "=":
      return v === n;
    case "<":
      return v < n;
    case "<=":
      return v <= n;
    case ">":
      return v > n;
    default:
      return v >= n;
  }
}

function matchLeaf(matchers: ValueMatcher[], present: boolean, value: Json): boolean {
  const values = present ? leafValues(value) : [];
  for (const m of matchers) {
    if (m.kind === "exists") {
      if (m.exists === values.length > 0) return true;
      continue;
    }
    for (const v of values) if (testValue(m, v)) return true;
  }
  return false;
}

export function matches(pattern: CompiledPattern, event: Json): boolean {
  if (Array.isArray(event)) return event.some((e) => matches(pattern, e));
  const obj = isObject(event) ? event : undefined;
  for (const field of pattern.fields) {
    const present = obj !== undefined && Object.prototype.hasOwnProperty.call(obj, field.key);
    const value = present ? obj[field.key] : undefined;
    if (field.leaf) {
      if (!matchLeaf(field.leaf, present, value)) return false;
    } else if (field.nested) {
      if (!matchNested(field.nested, present, value)) return false;
    }
  }
  for (const alternatives of pattern.or) {
    if (!alternatives.some((alt) => matches(alt, event))) return false;
  }
  return true;
}

/** A nested pattern over an absent field can still match when it only asks for `exists: false`. */
function matchNested(nested: CompiledPattern, present: boolean, value: Json): boolean {
  if (present && (isObject(value) || Array.isArray(value))) return matches(nested, value);
  return matches(nested, {});
}
