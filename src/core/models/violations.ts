/**
 * What a compiled check records: violations in AWS's wording (coral's `Value '…' at '…' failed to
 * satisfy constraint: …`, or the newer framework's form), paths with marked member names, the
 * bracketed constraint lists of map keys and values, and models' Java patterns as JS RegExps.
 */
import { renderBound, renderValue } from "./render.js";
import type { ModelOverrides, ShapeModel, ValidationStyle } from "./types.js";

/** Violations found so far in one request (validation is synchronous, so one list serves all). */
export interface Violations {
  list: string[];
  max: number;
  /** AWS's newer validation framework's form: `Value at 'RequestItems.t.member.Keys'` (member names as sent, no value). */
  framework?: boolean;
}

export type Check = (value: unknown, path: string, v: Violations) => unknown;

export interface CompileOptions {
  style: ValidationStyle;
  overrides?: ModelOverrides;
  /** true: the input came from JSON, wrong types are SerializationExceptions. false: codecs typed it, wrong types are skipped. */
  json: boolean;
  /** false: type checks only (the service checks constraints itself). */
  constraints: boolean;
}

export type Render = (value: unknown) => string;

/** Marks a member name in a path; rendered lower-case first (coral's form) or as sent (the framework's). */
export const MEMBER = "\u0001";
const MARKED = new RegExp(`${MEMBER}(.)`, "g");

export function violation(v: Violations, value: unknown, path: string, constraint: string, render: Render = renderValue): void {
  if (v.list.length >= v.max) return;
  // Where the framework has taken over, it answers the length constraints; enums and map keys keep coral's form (DynamoDB's BatchGetItem, 2026).
  if (v.framework && constraint.startsWith("Member must have length")) {
    v.list.push(`Value at '${path.replaceAll(MEMBER, "")}' failed to satisfy constraint: ${constraint}`);
    return;
  }
  const shown = value === undefined || value === null ? "null" : `'${render(value)}'`;
  v.list.push(`Value ${shown} at '${path.replace(MARKED, (_, c: string) => c.toLowerCase())}' failed to satisfy constraint: ${constraint}`);
}

/** `.<n>.member` for list entry n (1-based), built once per index. */
const ENTRY_SUFFIXES: string[] = [];
export function entrySuffix(i: number): string {
  return (ENTRY_SUFFIXES[i] ??= `.${i + 1}.member`);
}

/** A JS RegExp for a model's (Java) pattern, matching the whole value; undefined when JS cannot express it. */
export function patternRegExp(pattern: string): RegExp | undefined {
  // /u only where the pattern needs it (\p{L}...): plain patterns run faster without it.
  for (const flags of /\\[pP]\{|\\u\{/.test(pattern) ? ["u", ""] : ["", "u"]) {
    try {
      return new RegExp(`^(?:${pattern})$`, flags);
    } catch {
      // Java syntax JS lacks (possessive quantifiers, \Z): try without /u, then give up on the pattern.
    }
  }
  return undefined;
}

/** The constraint texts of a shape, in the order coral prints them inside `Map keys/value must satisfy constraint: [...]`. */
export function bracketTexts(shape: ShapeModel): string[] {
  const out: string[] = [];
  const floating = shape.type === "double" || shape.type === "float";
  const numeric = shape.type === "integer" || shape.type === "long" || floating;
  const unit = numeric ? "value" : "length";
  if (shape.max !== undefined) out.push(`Member must have ${unit} less than or equal to ${renderBound(shape.max, floating)}`);
  if (shape.min !== undefined) out.push(`Member must have ${unit} greater than or equal to ${renderBound(shape.min, floating)}`);
  if (shape.pattern !== undefined) out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.enum !== undefined) out.push(`Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
  return out;
}

