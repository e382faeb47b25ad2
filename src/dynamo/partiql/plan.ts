/**
 * Plans a PartiQL statement as the DynamoDB operation AWS documents it becomes: a SELECT with
 * equality on the whole primary key is a GetItem, with equality on the partition key a Query
 * (sort-key conditions as the key condition, the rest as a filter), otherwise a Scan; INSERT is a
 * PutItem that must not overwrite; UPDATE and DELETE name the whole key in their WHERE clause.
 */
import type { RequestContext } from "../../core/context.js";
import type { AttributeValue, Item } from "../attribute-value.js";
import { validation } from "../errors.js";
import { findIndex, type KeyDef, type TableMeta } from "../table-meta.js";
import { dataTable } from "../tables.js";
import { wrongType, type Constraints } from "../validation.js";
import type { Condition, DeleteStatement, ExistsStatement, InsertStatement, SelectStatement, Statement, UpdateStatement } from "./ast.js";
import { andAll, conjuncts, equalityOn, ExpressionBuilder } from "./compile.js";
import type { ParsedStatement } from "./parse.js";
import type { DynamoState } from "../state.js";

/** Statement: a string of 1 to 8192 characters (the model's constraint). */
export function checkStatementText(c: Constraints, statement: unknown, member: string): void {
  if (!c.required(statement, member)) return;
  if (typeof statement !== "string") throw wrongType(statement, "String");
  if (statement.length < 1) c.add(statement, member, "Member must have length greater than or equal to 1");
  if (statement.length > 8192) c.add(statement, member, "Member must have length less than or equal to 8192");
}

const KEY_EQUALITY_MISSING = "Where clause does not contain a mandatory equality on all key attributes";

export type ReadPlan =
  | { op: "GetItem"; input: Record<string, unknown> }
  | { op: "Query"; input: Record<string, unknown> }
  | { op: "Scan"; input: Record<string, unknown> };
export interface WritePlan {
  op: "Put" | "Update" | "Delete" | "ConditionCheck";
  input: Record<string, unknown>;
  /** INSERT: a failed "not exists" condition is a DuplicateItemException. */
  insert: boolean;
  returnValues?: string;
}

export function isRead(s: Statement): s is SelectStatement {
  return s.kind === "select";
}

export function builderFor(parsed: ParsedStatement, params: AttributeValue[] | undefined): ExpressionBuilder {
  const given = params?.length ?? 0;
  if (given !== parsed.params.size) throw validation("Number of parameters in request and statement don't match.");
  return new ExpressionBuilder(params ?? [], parsed.params);
}

function tableOf(st: DynamoState, ctx: RequestContext, name: string): TableMeta {
  return dataTable(ctx, st, name);
}

function splitKey(keys: KeyDef[], where: Condition | undefined, b: ExpressionBuilder): { key: Item; rest: Condition[] } {
  const rest = conjuncts(where);
  const key: Item = {};
  for (const k of keys) {
    const at = rest.findIndex((c) => equalityOn(c)?.name === k.name);
    if (at < 0) throw validation(KEY_EQUALITY_MISSING);
    key[k.name] = b.value(equalityOn(rest[at]!)!.value);
    rest.splice(at, 1);
  }
  return { key, rest };
}

function keyDefs(table: TableMeta): KeyDef[] {
  return table.range ? [table.hash, table.range] : [table.hash];
}

function projection(s: SelectStatement, b: ExpressionBuilder): Record<string, unknown> {
  return s.projection === "*" ? {} : { ProjectionExpression: s.projection.map((p) => b.path(p)).join(", ") };
}

/** A sort-key condition DynamoDB accepts in a KeyConditionExpression. */
function isRangeCondition(c: Condition, range: string): boolean {
  const onRange = (o: { kind: string; elements?: unknown[] }) => o.kind === "path" && o.elements?.length === 1 && o.elements[0] === range;
  const isValue = (o: { kind: string }) => o.kind !== "path" && o.kind !== "call" && o.kind !== "arith";
  if (c.kind === "compare" && c.op !== "<>") return (onRange(c.left) && isValue(c.right)) || (onRange(c.right) && isValue(c.left));
  if (c.kind === "between") return onRange(c.operand) && isValue(c.low) && isValue(c.high);
  if (c.kind === "call" && c.name === "begins_with") return c.args.length === 2 && onRange(c.args[0]!) && isValue(c.args[1]!);
  return false;
}

export function planRead(st: DynamoState, ctx: RequestContext, s: SelectStatement, b: ExpressionBuilder, singleItem: boolean): ReadPlan {
  const table = tableOf(st, ctx, s.table);
  const index = s.index === undefined ? undefined : findIndex(table, s.index);
  if (s.index !== undefined && !index) throw validation(`The table does not have the specified index: ${s.index}`);
  const hash = index ? index.hash : table.hash;
  const range = index ? index.range : table.range;
  const parts = conjuncts(s.where);
  const hashAt = parts.findIndex((c) => equalityOn(c)?.name === hash.name);
  const rangeEqAt = range ? parts.findIndex((c) => equalityOn(c)?.name === range.name) : -1;
  const wholeKey = hashAt >= 0 && (!range || rangeEqAt >= 0);
  if (singleItem || (!index && wholeKey && !s.orderBy && parts.length === (range ? 2 : 1))) {
    if (index || !wholeKey || parts.length !== (range ? 2 : 1)) throw validation(KEY_EQUALITY_MISSING);
    const { key } = splitKey(keyDefs(table), s.where, b);
    const proj = projection(s, b);
    return { op: "GetItem", input: { TableName: table.name, Key: key, ...proj, ...b.attributes() } };
  }
  if (s.orderBy && (!range || hashAt < 0 || s.orderBy.path.elements.length !== 1 || s.orderBy.path.elements[0] !== range.name)) {
    throw validation(s.where ? "Order by is supported only on the sort key of a table or index, with an equality on its partition key" : "Must have WHERE clause in the statement when using ORDER BY clause.");
  }
  const base = { TableName: table.name, ...(index ? { IndexName: index.name } : {}) };
  if (hashAt < 0) {
    const filter = s.where ? { FilterExpression: b.condition(s.where) } : {};
    const proj = projection(s, b);
    return { op: "Scan", input: { ...base, ...filter, ...proj, ...b.attributes() } };
  }
  const keyParts = [parts[hashAt]!];
  const rangeAt = range ? parts.findIndex((c, i) => i !== hashAt && isRangeCondition(c, range.name)) : -1;
  if (rangeAt >= 0) keyParts.push(parts[rangeAt]!);
  const rest = parts.filter((_, i) => i !== hashAt && i !== rangeAt);
  const keyCondition = b.condition(andAll(keyParts)!);
  const filter = rest.length ? { FilterExpression: b.condition(andAll(rest)!) } : {};
  const proj = projection(s, b);
  const order = s.orderBy?.desc ? { ScanIndexForward: false } : {};
  return { op: "Query", input: { ...base, KeyConditionExpression: keyCondition, ...filter, ...proj, ...order, ...b.attributes() } };
}

function planInsert(st: DynamoState, ctx: RequestContext, s: InsertStatement, b: ExpressionBuilder): WritePlan {
  const table = tableOf(st, ctx, s.table);
  const item = b.item(s.item);
  const condition = `attribute_not_exists(${b.path({ kind: "path", elements: [table.hash.name] })})`;
  return { op: "Put", insert: true, input: { TableName: table.name, Item: item, ConditionExpression: condition, ...b.attributes() } };
}

function planUpdate(st: DynamoState, ctx: RequestContext, s: UpdateStatement, b: ExpressionBuilder): WritePlan {
  const table = tableOf(st, ctx, s.table);
  const { key, rest } = splitKey(keyDefs(table), s.where, b);
  const clauses: Record<"SET" | "REMOVE" | "ADD" | "DELETE", string[]> = { SET: [], REMOVE: [], ADD: [], DELETE: [] };
  for (const a of s.actions) {
    if (a.kind === "remove") clauses.REMOVE.push(b.path(a.path));
    else if (a.value.kind === "call" && (a.value.name === "set_add" || a.value.name === "set_delete") && a.value.args.length === 2) {
      clauses[a.value.name === "set_add" ? "ADD" : "DELETE"].push(`${b.path(a.path)} ${b.operand(a.value.args[1]!)}`);
    } else clauses.SET.push(`${b.path(a.path)} = ${b.operand(a.value)}`);
  }
  const update = Object.entries(clauses)
    .filter(([, parts]) => parts.length)
    .map(([verb, parts]) => `${verb} ${parts.join(", ")}`)
    .join(" ");
  const exists = `attribute_exists(${b.path({ kind: "path", elements: [table.hash.name] })})`;
  const condition = rest.length ? `${exists} AND (${b.condition(andAll(rest)!)})` : exists;
  return {
    op: "Update",
    insert: false,
    returnValues: s.returning,
    input: { TableName: table.name, Key: key, UpdateExpression: update, ConditionExpression: condition, ...b.attributes() },
  };
}

function planDelete(st: DynamoState, ctx: RequestContext, s: DeleteStatement, b: ExpressionBuilder): WritePlan {
  const table = tableOf(st, ctx, s.table);
  const { key, rest } = splitKey(keyDefs(table), s.where, b);
  if (s.returning !== undefined && s.returning !== "ALL_OLD") throw validation("Unsupported operation: DELETE supports only RETURNING ALL OLD *");
  const condition = rest.length ? { ConditionExpression: b.condition(andAll(rest)!) } : {};
  return { op: "Delete", insert: false, returnValues: s.returning, input: { TableName: table.name, Key: key, ...condition, ...b.attributes() } };
}

function planExists(st: DynamoState, ctx: RequestContext, s: ExistsStatement, b: ExpressionBuilder): WritePlan {
  const table = tableOf(st, ctx, s.select.table);
  const { key, rest } = splitKey(keyDefs(table), s.select.where, b);
  const exists = `attribute_exists(${b.path({ kind: "path", elements: [table.hash.name] })})`;
  const condition = rest.length ? `${exists} AND (${b.condition(andAll(rest)!)})` : exists;
  return { op: "ConditionCheck", insert: false, input: { TableName: table.name, Key: key, ConditionExpression: condition, ...b.attributes() } };
}

export function planWrite(st: DynamoState, ctx: RequestContext, s: Exclude<Statement, SelectStatement>, b: ExpressionBuilder): WritePlan {
  switch (s.kind) {
    case "insert":
      return planInsert(st, ctx, s, b);
    case "update":
      return planUpdate(st, ctx, s, b);
    case "delete":
      return planDelete(st, ctx, s, b);
    case "exists":
      return planExists(st, ctx, s, b);
  }
}
