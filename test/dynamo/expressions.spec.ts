/** Unit tests of the expression tokenizer, parser and evaluator (no server). */
import { describe, expect, it } from "vitest";
import type { AttributeValue, Item } from "../../src/dynamo/attribute-value.js";
import { applyUpdate, evalCondition, parseExpressions, project, type ExpressionInput } from "../../src/dynamo/expressions/index.js";
import { checkUpdate } from "../../src/dynamo/expressions/update.js";

const item: Item = {
  id: { S: "abc" },
  n: { N: "5" },
  s: { S: "hello world" },
  b: { B: Buffer.from([1, 2, 3]).toString("base64") },
  ss: { SS: ["x", "y"] },
  ns: { NS: ["1", "2.5"] },
  l: { L: [{ S: "a" }, { N: "1" }, { M: { deep: { BOOL: true } } }] },
  m: { M: { part: { S: "v" }, "dash-key": { N: "2" } } },
  nul: { NULL: true },
  t: { BOOL: true },
};

function cond(expr: string, values: Record<string, AttributeValue> = {}, names?: Record<string, string>): boolean {
  const input: ExpressionInput = { ConditionExpression: expr };
  if (Object.keys(values).length) input.ExpressionAttributeValues = values;
  if (names) input.ExpressionAttributeNames = names;
  return evalCondition(parseExpressions(input).condition!, item);
}

function error(input: ExpressionInput): string {
  try {
    parseExpressions(input);
  } catch (err) {
    return (err as Error).message;
  }
  return "no error";
}

describe("validation", () => {
  it("reports syntax errors with the token and what is near it", () => {
    expect(error({ ConditionExpression: "n = = :v", ExpressionAttributeValues: { ":v": { N: "1" } } })).toBe('Invalid ConditionExpression: Syntax error; token: "=", near: "= = :v"');
    expect(error({ ConditionExpression: "n BETWEEN :v", ExpressionAttributeValues: { ":v": { N: "1" } } })).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: ":v"');
    expect(error({ FilterExpression: "n = :v)", ExpressionAttributeValues: { ":v": { N: "1" } } })).toBe('Invalid FilterExpression: Syntax error; token: ")", near: ":v)"');
  });

  it("rejects an empty expression", () => {
    expect(error({ ConditionExpression: "" })).toBe("Invalid ConditionExpression: The expression can not be empty;");
  });

  it("rejects reserved words used as bare names", () => {
    expect(error({ ConditionExpression: "attribute_exists(status)" })).toBe("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status");
    expect(error({ ProjectionExpression: "id, Name" })).toBe("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: Name");
  });

  it("rejects undefined and unused names and values", () => {
    expect(error({ ConditionExpression: "#a = :v", ExpressionAttributeValues: { ":v": { N: "1" } } })).toBe(
      "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #a",
    );
    expect(error({ ConditionExpression: "n = :v" })).toBe("Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v");
    expect(error({ ConditionExpression: "n = :v", ExpressionAttributeValues: { ":v": { N: "1" }, ":w": { N: "2" } } })).toBe(
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}",
    );
    expect(error({ ConditionExpression: "n = :v", ExpressionAttributeValues: { ":v": { N: "1" } }, ExpressionAttributeNames: { "#x": "x" } })).toBe(
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x}",
    );
    expect(error({ ExpressionAttributeValues: { ":v": { N: "1" } } })).toBe("ExpressionAttributeValues can only be specified when using expressions");
    expect(error({ ConditionExpression: "attribute_exists(n)", ExpressionAttributeValues: {} })).toBe("ExpressionAttributeValues must not be empty");
  });

  it("checks functions: names, operand counts and document paths", () => {
    expect(error({ ConditionExpression: "foo(n)" })).toBe("Invalid ConditionExpression: Invalid function name; function: foo");
    expect(error({ ConditionExpression: "begins_with(s)" })).toBe("Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1");
    expect(error({ ConditionExpression: "attribute_exists(:v)", ExpressionAttributeValues: { ":v": { S: "x" } } })).toBe(
      "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists",
    );
    expect(error({ ConditionExpression: "attribute_type(n, :t)", ExpressionAttributeValues: { ":t": { S: "X" } } })).toBe(
      "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
    );
    expect(error({ UpdateExpression: "SET n = size(s)" })).toBe("Invalid UpdateExpression: The function is not allowed in an update expression; function: size");
  });

  it("rejects BETWEEN with bounds in the wrong order", () => {
    expect(error({ ConditionExpression: "n BETWEEN :a AND :b", ExpressionAttributeValues: { ":a": { N: "5" }, ":b": { N: "1" } } })).toBe(
      "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}",
    );
  });

  it("rejects overlapping and conflicting update paths and repeated sections", () => {
    const v = { ":v": { N: "1" } };
    const check = (expr: string): string => {
      try {
        checkUpdate(parseExpressions({ UpdateExpression: expr, ExpressionAttributeValues: v }).update!, ["id"]);
      } catch (err) {
        return (err as Error).message;
      }
      return "no error";
    };
    expect(check("SET a = :v, a.b = :v")).toBe("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
    expect(check("SET a.b = :v REMOVE a[0]")).toBe("Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]");
    expect(error({ UpdateExpression: "SET a = :v SET b = :v", ExpressionAttributeValues: v })).toBe('Invalid UpdateExpression: The "SET" section can only be used once in an update expression;');
    expect(check("ADD a :v")).toBe("no error");
    expect(error({ UpdateExpression: "ADD a :s", ExpressionAttributeValues: { ":s": { S: "x" } } })).toBe("no error");
  });
});

describe("behaviour", () => {
  it("compares numbers exactly and strings by bytes", () => {
    expect(cond("n = :v", { ":v": { N: "5.000" } })).toBe(true);
    expect(cond("n < :v", { ":v": { N: "5.0000000000000000000000000000001" } })).toBe(true);
    expect(cond("s > :v", { ":v": { S: "hello" } })).toBe(true);
    expect(cond("s < :v", { ":v": { N: "1" } })).toBe(false);
    expect(cond("absent <> :v", { ":v": { N: "1" } })).toBe(true);
  });

  it("gives NOT, AND, OR DynamoDB's precedence", () => {
    const v = { ":a": { N: "5" }, ":b": { N: "6" } };
    expect(cond("n = :b OR n = :a AND t = :a", v)).toBe(false);
    expect(cond("(n = :b OR n = :a) AND NOT n = :b", v)).toBe(true);
    expect(cond("NOT n = :b AND n = :a", v)).toBe(true);
  });

  it("evaluates BETWEEN, IN and every function", () => {
    expect(cond("n BETWEEN :a AND :b", { ":a": { N: "1" }, ":b": { N: "5" } })).toBe(true);
    expect(cond("n IN (:a, :b)", { ":a": { N: "1" }, ":b": { N: "5" } })).toBe(true);
    expect(cond("attribute_exists(m.part) AND attribute_not_exists(m.nothere)")).toBe(true);
    expect(cond("attribute_type(ns, :t) AND attribute_type(nul, :n)", { ":t": { S: "NS" }, ":n": { S: "NULL" } })).toBe(true);
    expect(cond("begins_with(s, :p) AND begins_with(b, :bp)", { ":p": { S: "hell" }, ":bp": { B: Buffer.from([1, 2]).toString("base64") } })).toBe(true);
    expect(cond("contains(s, :w) AND contains(ss, :x) AND contains(ns, :n) AND contains(l, :a)", { ":w": { S: "o w" }, ":x": { S: "y" }, ":n": { N: "2.50" }, ":a": { S: "a" } })).toBe(true);
    expect(cond("size(s) = :11 AND size(ss) = :2 AND size(l) > :2 AND size(m) = :2", { ":11": { N: "11" }, ":2": { N: "2" } })).toBe(true);
  });

  it("follows nested paths with map keys and list indexes", () => {
    expect(cond("l[2].deep = :t AND #m.#k = :two", { ":t": { BOOL: true }, ":two": { N: "2" } }, { "#m": "m", "#k": "dash-key" })).toBe(true);
    expect(cond("attribute_exists(l[5])")).toBe(false);
  });

  it("projects nested paths, keeping list order", () => {
    const paths = parseExpressions({ ProjectionExpression: "l[2].deep, l[0], m.part, id" }).projection!;
    expect(project(item, paths)).toEqual({ l: { L: [{ S: "a" }, { M: { deep: { BOOL: true } } }] }, m: { M: { part: { S: "v" } } }, id: { S: "abc" } });
  });

  it("applies SET, REMOVE, ADD and DELETE with the old item as SET's input", () => {
    const { update } = parseExpressions({
      UpdateExpression: "SET n = n + :one, dup = n, l[1] = :x, l[9] = :y REMOVE l[0], m.part ADD ns :ns, newset :ss DELETE ss :x2",
      ExpressionAttributeValues: { ":one": { N: "1" }, ":x": { S: "x" }, ":y": { S: "y" }, ":ns": { NS: ["3"] }, ":ss": { SS: ["q"] }, ":x2": { SS: ["x"] } },
    });
    const next = applyUpdate(item, update!);
    expect(next.n).toEqual({ N: "6" });
    expect(next.dup).toEqual({ N: "5" });
    expect(next.l).toEqual({ L: [{ S: "x" }, { M: { deep: { BOOL: true } } }, { S: "y" }] });
    expect(next.m).toEqual({ M: { "dash-key": { N: "2" } } });
    expect(next.ns).toEqual({ NS: ["1", "2.5", "3"] });
    expect(next.newset).toEqual({ SS: ["q"] });
    expect(next.ss).toEqual({ SS: ["y"] });
    expect(item.n).toEqual({ N: "5" });
  });

  it("reports runtime update errors as DynamoDB does", () => {
    const run = (expr: string, values?: Record<string, AttributeValue>): string => {
      try {
        applyUpdate(item, parseExpressions({ UpdateExpression: expr, ExpressionAttributeValues: values }).update!);
      } catch (err) {
        return (err as Error).message;
      }
      return "no error";
    };
    expect(run("SET x = s + :one", { ":one": { N: "1" } })).toBe("An operand in the update expression has an incorrect data type");
    expect(run("SET x = nope + :one", { ":one": { N: "1" } })).toBe("The provided expression refers to an attribute that does not exist in the item");
    expect(run("SET nope.deeper = :one", { ":one": { N: "1" } })).toBe("The document path provided in the update expression is invalid for update");
    expect(run("SET x = :big + :one", { ":big": { N: "9".repeat(38) }, ":one": { N: "1" } })).toBe("no error");
    expect(run("SET x = :big + :one", { ":big": { N: "9".repeat(38) }, ":one": { N: "0.1" } })).toBe("Attempting to store more than 38 significant digits in a Number");
  });
});
