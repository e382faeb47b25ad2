/**
 * The legacy parameters older code still sends (Expected, AttributesToGet, KeyConditions,
 * QueryFilter, ScanFilter, AttributeUpdates, ConditionalOperator), turned into the same syntax
 * trees expressions produce. Mixing them with expressions is rejected with DynamoDB's message.
 */
import { checkValue, type AttributeValue } from "./attribute-value.js";
import { validation } from "./errors.js";
import type { Condition, Operand, PathNode, UpdateAction } from "./expressions/ast.js";

interface LegacyCondition {
  Value?: AttributeValue;
  Exists?: boolean;
  ComparisonOperator?: string;
  AttributeValueList?: AttributeValue[];
}

interface LegacyInput {
  Expected?: Record<string, LegacyCondition>;
  ConditionalOperator?: string;
  AttributesToGet?: string[];
  KeyConditions?: Record<string, LegacyCondition>;
  QueryFilter?: Record<string, LegacyCondition>;
  ScanFilter?: Record<string, LegacyCondition>;
  AttributeUpdates?: Record<string, { Action?: string; Value?: AttributeValue }>;
  ConditionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  ProjectionExpression?: string;
  UpdateExpression?: string;
  ExpressionAttributeNames?: unknown;
  ExpressionAttributeValues?: unknown;
}

const LEGACY = ["AttributesToGet", "AttributeUpdates", "ConditionalOperator", "Expected", "KeyConditions", "QueryFilter", "ScanFilter"] as const;
const EXPRESSIONS = ["ConditionExpression", "FilterExpression", "KeyConditionExpression", "ProjectionExpression", "UpdateExpression"] as const;

/** "Can not use both expression and non-expression parameters in the same request". */
export function checkNoMixing(raw: object): void {
  const input = raw as LegacyInput;
  // Hot path (every item request): no allocation when no legacy parameter is present.
  if (!LEGACY.some((k) => input[k] !== undefined)) return;
  const legacy = LEGACY.filter((k) => input[k] !== undefined);
  const expr = EXPRESSIONS.filter((k) => input[k] !== undefined);
  if (expr.length) {
    throw validation(
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(", ")}} Expression parameters: {${expr.join(", ")}}`,
    );
  }
  if (input.ConditionalOperator && !input.Expected && !input.QueryFilter && !input.ScanFilter) {
    throw validation("ConditionalOperator can only be used when Filter or Expected has two or more elements");
  }
}

const path = (name: string): PathNode => ({ kind: "path", elements: [name] });
const value = (av: AttributeValue): Operand => {
  checkValue(av);
  return { kind: "value", name: "", value: av };
};

const ARGS: Record<string, number> = {
  EQ: 1, NE: 1, LE: 1, LT: 1, GE: 1, GT: 1, NOT_NULL: 0, NULL: 0, CONTAINS: 1, NOT_CONTAINS: 1, BEGINS_WITH: 1, BETWEEN: 2,
};
const COMPARE: Record<string, "=" | "<>" | "<=" | "<" | ">=" | ">"> = { EQ: "=", NE: "<>", LE: "<=", LT: "<", GE: ">=", GT: ">" };

function one(name: string, c: LegacyCondition, what: "Expected" | "Filter"): Condition {
  if (c.ComparisonOperator === undefined) {
    if (c.Exists === false) {
      if (c.Value) throw validation("One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: " + name);
      return { kind: "call", name: "attribute_not_exists", args: [path(name)] };
    }
    if (!c.Value) throw validation("One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: " + name);
    return { kind: "compare", op: "=", left: path(name), right: value(c.Value) };
  }
  const op = c.ComparisonOperator;
  const list = c.AttributeValueList ?? (c.Value ? [c.Value] : []);
  if (op === "IN") {
    if (!list.length) throw validation(`One or more parameter values were invalid: Invalid number of argument(s) for the IN ComparisonOperator`);
    return { kind: "in", operand: path(name), list: list.map(value) };
  }
  const n = ARGS[op];
  if (n === undefined) throw validation(`1 validation error detected: Value '${op}' at '${what === "Expected" ? "expected" : "filter"}.${name}.member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]`);
  if (list.length !== n) throw validation(`One or more parameter values were invalid: Invalid number of argument(s) for the ${op} ComparisonOperator`);
  if (COMPARE[op]) return { kind: "compare", op: COMPARE[op], left: path(name), right: value(list[0]!) };
  switch (op) {
    case "NOT_NULL":
      return { kind: "call", name: "attribute_exists", args: [path(name)] };
    case "NULL":
      return { kind: "call", name: "attribute_not_exists", args: [path(name)] };
    case "CONTAINS":
      return { kind: "call", name: "contains", args: [path(name), value(list[0]!)] };
    case "NOT_CONTAINS":
      return { kind: "not", operand: { kind: "call", name: "contains", args: [path(name), value(list[0]!)] } };
    case "BEGINS_WITH":
      return { kind: "call", name: "begins_with", args: [path(name), value(list[0]!)] };
    default:
      return { kind: "between", operand: path(name), low: value(list[0]!), high: value(list[1]!) };
  }
}

function combine(conds: Record<string, LegacyCondition> | undefined, operator: string | undefined, what: "Expected" | "Filter"): Condition | undefined {
  if (!conds) return undefined;
  const parts = Object.entries(conds).map(([n, c]) => one(n, c, what));
  if (!parts.length) return undefined;
  const kind = operator === "OR" ? "or" : "and";
  return parts.reduce((left, right) => ({ kind, left, right }));
}

export function legacyCondition(raw: object): Condition | undefined {
  const input = raw as LegacyInput;
  checkNoMixing(input);
  return combine(input.Expected, input.ConditionalOperator, "Expected");
}

export function legacyFilter(raw: object): Condition | undefined {
  const input = raw as LegacyInput;
  checkNoMixing(input);
  return combine(input.QueryFilter ?? input.ScanFilter, input.ConditionalOperator, "Filter");
}

export function legacyKeyConditions(raw: object): Condition | undefined {
  const input = raw as LegacyInput;
  checkNoMixing(input);
  return combine(input.KeyConditions, "AND", "Filter");
}

export function legacyProjection(raw: object): PathNode[] | undefined {
  const input = raw as LegacyInput;
  checkNoMixing(input);
  if (!input.AttributesToGet) return undefined;
  if (new Set(input.AttributesToGet).size !== input.AttributesToGet.length) {
    throw validation(`One or more parameter values were invalid: Duplicate value in attribute name: ${input.AttributesToGet.find((a, i) => input.AttributesToGet!.indexOf(a) !== i)}`);
  }
  return input.AttributesToGet.map(path);
}

export function legacyUpdate(raw: object): UpdateAction[] | undefined {
  const input = raw as LegacyInput;
  checkNoMixing(input);
  if (!input.AttributeUpdates) return undefined;
  return Object.entries(input.AttributeUpdates).map(([name, u]): UpdateAction => {
    const action = u.Action ?? "PUT";
    if (action === "PUT") {
      if (!u.Value) throw validation(`One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified`);
      return { action: "SET", path: path(name), value: value(u.Value) };
    }
    if (action === "DELETE") return u.Value ? { action: "DELETE", path: path(name), value: value(u.Value) } : { action: "REMOVE", path: path(name) };
    if (!u.Value) throw validation(`One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified`);
    return { action: "ADD", path: path(name), value: value(u.Value) };
  });
}
