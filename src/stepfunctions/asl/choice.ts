/** Choice rules in JSONPath mode: every comparator, the `…Path` forms, Is*, StringMatches, And/Or/Not. */
import { isObject, type Json, type JsonObject } from "./json.js";
import { resolvePath, type PathScope } from "./scope.js";
import { statesErrors } from "./states-error.js";
import { isTimestamp } from "./validate.js";

const MISSING = Symbol("missing");

export function ruleMatches(rule: JsonObject, scope: PathScope): boolean {
  if (Array.isArray(rule.And)) return rule.And.every((r) => isObject(r) && ruleMatches(r, scope));
  if (Array.isArray(rule.Or)) return rule.Or.some((r) => isObject(r) && ruleMatches(r, scope));
  if (isObject(rule.Not)) return !ruleMatches(rule.Not, scope);
  const variable = String(rule.Variable);
  let value: Json | typeof MISSING;
  try {
    value = resolvePath(variable, scope, () => new MissingPath());
  } catch (err) {
    if (!(err instanceof MissingPath)) throw err;
    value = MISSING;
  }
  for (const key of Object.keys(rule)) {
    if (key === "Variable" || key === "Next" || key === "Comment" || key === "Assign") continue;
    let operand: Json = rule[key]!;
    let operator = key;
    if (key.endsWith("Path") && key !== "IsPresent") {
      operator = key.slice(0, -4);
      operand = resolvePath(String(operand), scope, (missing) => statesErrors.runtime(`Invalid path '${String(rule[key])}': No results for path: ${missing}`));
    }
    if (operator === "IsPresent") return (value !== MISSING) === operand;
    if (value === MISSING) {
      if (operator.startsWith("Is")) return false;
      throw statesErrors.runtime(`Invalid path '${variable}' : No results for path: ${variable}`);
    }
    return compare(operator, value, operand);
  }
  return false;
}

class MissingPath extends Error {}

function compare(operator: string, value: Json, operand: Json): boolean {
  switch (operator) {
    case "IsNull":
      return (value === null) === operand;
    case "IsNumeric":
      return (typeof value === "number") === operand;
    case "IsString":
      return (typeof value === "string") === operand;
    case "IsBoolean":
      return (typeof value === "boolean") === operand;
    case "IsTimestamp":
      return (typeof value === "string" && isTimestamp(value)) === operand;
    case "BooleanEquals":
      return typeof value === "boolean" && value === operand;
    case "StringMatches":
      return typeof value === "string" && typeof operand === "string" && wildcard(operand).test(value);
  }
  if (operator.startsWith("String")) {
    if (typeof value !== "string" || typeof operand !== "string") return false;
    return order(operator.slice(6), value < operand ? -1 : value > operand ? 1 : 0);
  }
  if (operator.startsWith("Numeric")) {
    if (typeof value !== "number" || typeof operand !== "number") return false;
    return order(operator.slice(7), value - operand);
  }
  if (operator.startsWith("Timestamp")) {
    if (typeof value !== "string" || typeof operand !== "string" || !isTimestamp(value) || !isTimestamp(operand)) return false;
    return order(operator.slice(9), Date.parse(value) - Date.parse(operand));
  }
  return false;
}

function order(relation: string, diff: number): boolean {
  switch (relation) {
    case "Equals":
      return diff === 0;
    case "LessThan":
      return diff < 0;
    case "GreaterThan":
      return diff > 0;
    case "LessThanEquals":
      return diff <= 0;
    case "GreaterThanEquals":
      return diff >= 0;
  }
  return false;
}

/** `*` matches any run of characters; `\*` and `\\` are literal. */
function wildcard(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) source += escape(pattern[++i]!);
    else if (c === "*") source += ".*";
    else source += escape(c);
  }
  return new RegExp(`^${source}$`, "s");
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
