/** The syntax tree shared by every DynamoDB expression kind. */
import type { AttributeValue } from "../attribute-value.js";

export type PathElement = string | number;

export interface PathNode {
  kind: "path";
  elements: PathElement[];
}
export interface ValueNode {
  kind: "value";
  name: string;
  value: AttributeValue;
}
export interface FunctionNode {
  kind: "function";
  name: string;
  args: Operand[];
}
export interface ArithmeticNode {
  kind: "arithmetic";
  op: "+" | "-";
  left: Operand;
  right: Operand;
}
export type Operand = PathNode | ValueNode | FunctionNode | ArithmeticNode;

export type Comparator = "=" | "<>" | "<" | "<=" | ">" | ">=";

export type Condition =
  | { kind: "compare"; op: Comparator; left: Operand; right: Operand }
  | { kind: "between"; operand: Operand; low: Operand; high: Operand }
  | { kind: "in"; operand: Operand; list: Operand[] }
  | { kind: "and" | "or"; left: Condition; right: Condition }
  | { kind: "not"; operand: Condition }
  | { kind: "call"; name: string; args: Operand[] };

export interface UpdateAction {
  action: "SET" | "REMOVE" | "ADD" | "DELETE";
  path: PathNode;
  value?: Operand;
}

/** Renders a path as DynamoDB's messages do: `[a, b, [0]]`. */
export function pathText(path: PathNode): string {
  return `[${path.elements.map((e) => (typeof e === "number" ? `[${e}]` : e)).join(", ")}]`;
}
