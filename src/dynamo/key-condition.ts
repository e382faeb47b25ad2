/** Turns a KeyConditionExpression (or legacy KeyConditions) into a key range over encoded keys. */
import type { AttributeValue } from "./attribute-value.js";
import { invalidParameter, validation } from "./errors.js";
import type { Condition, Operand } from "./expressions/ast.js";
import { encodeKeyValue } from "./keys.js";
import type { KeyDef } from "./table-meta.js";

export interface KeyRange {
  pk: Buffer;
  /** SQL conditions on the sort key column and their parameters. */
  sql: string[];
  params: Buffer[];
}

const OPS: Record<string, string> = { "=": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">=" };

function invalidOperator(op: string): Error {
  return validation(`Invalid operator used in KeyConditionExpression: ${op}`);
}

function pathName(o: Operand): string | undefined {
  if (o.kind !== "path") return undefined;
  if (o.elements.length !== 1) throw validation("Invalid KeyConditionExpression: Nested attributes are not supported in key conditions");
  return o.elements[0] as string;
}

function valueOf(o: Operand, def: KeyDef): AttributeValue {
  if (o.kind !== "value") throw validation("Invalid KeyConditionExpression: KeyConditionExpression must compare a key attribute with a value");
  if (o.value[def.type] === undefined) throw invalidParameter("Condition parameter type does not match schema type");
  return o.value;
}

/** Smallest byte string greater than every string starting with `prefix` (undefined: none). */
function prefixUpperBound(prefix: Buffer): Buffer | undefined {
  const b = Buffer.from(prefix);
  let i = b.length - 1;
  while (i >= 0 && b[i] === 0xff) i--;
  if (i < 0) return undefined;
  b[i]! += 1;
  return b.subarray(0, i + 1);
}

function flatten(c: Condition, out: Condition[]): void {
  if (c.kind === "and") {
    flatten(c.left, out);
    flatten(c.right, out);
  } else if (c.kind === "or" || c.kind === "not" || c.kind === "in") throw invalidOperator(c.kind === "in" ? "IN" : c.kind.toUpperCase());
  else out.push(c);
}

export function keyRange(cond: Condition, hash: KeyDef, range: KeyDef | undefined, col: string): KeyRange {
  const parts: Condition[] = [];
  flatten(cond, parts);
  if (parts.length > 2) throw validation("Conditions can be of length 1 or 2 only");
  let pk: Buffer | undefined;
  const sql: string[] = [];
  const params: Buffer[] = [];
  for (const p of parts) {
    let name: string | undefined;
    if (p.kind === "compare") {
      if (p.op === "<>") throw invalidOperator("<>");
      name = pathName(p.left);
      let right = p.right;
      let op = p.op;
      if (!name) {
        // `:v = key` is accepted with the operands swapped.
        name = pathName(p.right);
        right = p.left;
        op = ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=" } as const)[p.op];
      }
      if (!name) throw validation("Invalid KeyConditionExpression: KeyConditionExpression must compare a key attribute with a value");
      if (name === hash.name && pk === undefined) {
        if (op !== "=") throw validation("Query key condition not supported");
        pk = encodeKeyValue(valueOf(right, hash), hash.type);
        continue;
      }
      if (!range || name !== range.name || sql.length) throw validation(`Query condition missed key schema element: ${name === hash.name ? (range?.name ?? hash.name) : hash.name}`);
      sql.push(`${col} ${OPS[op]} ?`);
      params.push(encodeKeyValue(valueOf(right, range), range.type));
    } else if (p.kind === "between") {
      name = pathName(p.operand);
      if (!range || name !== range.name || sql.length) throw validation(name === hash.name ? "Query key condition not supported" : `Query condition missed key schema element: ${hash.name}`);
      const lo = valueOf(p.low, range);
      const hi = valueOf(p.high, range);
      sql.push(`${col} >= ?`, `${col} <= ?`);
      params.push(encodeKeyValue(lo, range.type), encodeKeyValue(hi, range.type));
    } else if (p.kind === "call" && p.name === "begins_with") {
      name = pathName(p.args[0]!);
      if (!range || name !== range.name || sql.length) throw validation(name === hash.name ? "Query key condition not supported" : `Query condition missed key schema element: ${hash.name}`);
      if (range.type === "N") throw validation(`Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: NUMBER`);
      const prefix = encodeKeyValue(valueOf(p.args[1]!, range), range.type);
      sql.push(`${col} >= ?`);
      params.push(prefix);
      const upper = prefixUpperBound(prefix);
      if (upper) {
        sql.push(`${col} < ?`);
        params.push(upper);
      }
    } else if (p.kind === "call") throw invalidOperator(p.name);
    else throw invalidOperator(p.kind.toUpperCase());
  }
  if (!pk) throw validation(`Query condition missed key schema element: ${hash.name}`);
  return { pk, sql, params };
}

