/** The statements of DynamoDB's PartiQL dialect, as the grammar (grammar.ts) builds them. */
import type { AttributeValue } from "../attribute-value.js";

/** A `?` parameter, numbered after parsing by its place in the text (parsing may backtrack). */
export interface ParamNode {
  kind: "param";
  offset: number;
}
export type ValueNode =
  | ParamNode
  | { kind: "scalar"; value: AttributeValue }
  | { kind: "map"; entries: [string, ValueNode][] }
  | { kind: "list"; items: ValueNode[] }
  | { kind: "set"; items: ValueNode[] };

export interface PathNode {
  kind: "path";
  elements: (string | number)[];
}
export interface CallNode {
  kind: "call";
  name: string;
  args: Operand[];
}
export interface ArithNode {
  kind: "arith";
  op: "+" | "-";
  left: Operand;
  right: Operand;
}
export type Operand = ValueNode | PathNode | CallNode | ArithNode;

export type CompareOp = "=" | "<>" | "<" | "<=" | ">" | ">=";
export type Condition =
  | { kind: "and" | "or"; left: Condition; right: Condition }
  | { kind: "not"; operand: Condition }
  | { kind: "compare"; op: CompareOp; left: Operand; right: Operand }
  | { kind: "between"; operand: Operand; low: Operand; high: Operand }
  | { kind: "in"; operand: Operand; list: Operand[]; negated: boolean }
  | { kind: "is"; operand: Operand; test: "MISSING" | "NULL"; negated: boolean }
  | CallNode;

export interface SelectStatement {
  kind: "select";
  projection: "*" | PathNode[];
  table: string;
  index?: string;
  where?: Condition;
  orderBy?: { path: PathNode; desc: boolean };
}
export interface InsertStatement {
  kind: "insert";
  table: string;
  item: ValueNode;
}
export type UpdateAction = { kind: "set"; path: PathNode; value: Operand } | { kind: "remove"; path: PathNode };
export interface UpdateStatement {
  kind: "update";
  table: string;
  actions: UpdateAction[];
  where: Condition;
  returning?: string;
}
export interface DeleteStatement {
  kind: "delete";
  table: string;
  where: Condition;
  returning?: string;
}
/** `EXISTS(SELECT ...)`: a condition check, only inside ExecuteTransaction. */
export interface ExistsStatement {
  kind: "exists";
  select: SelectStatement;
}
export type Statement = SelectStatement | InsertStatement | UpdateStatement | DeleteStatement | ExistsStatement;
