/**
 * Turns PartiQL conditions, paths and values into DynamoDB expression text with placeholder
 * names and values, so statements run through the same operations (and checks) as the API calls.
 */
import type { AttributeValue, Item } from "../attribute-value.js";
import { validation } from "../errors.js";
import type { Condition, Operand, PathNode, ValueNode } from "./ast.js";

export class ExpressionBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, AttributeValue> = {};
  private readonly nameOf = new Map<string, string>();
  private valueCount = 0;

  constructor(
    private readonly params: readonly AttributeValue[],
    private readonly paramIndex: ReadonlyMap<number, number>,
  ) {}

  /** Resolves a value node (parameters substituted) to an attribute value. */
  value(node: ValueNode): AttributeValue {
    switch (node.kind) {
      case "param":
        return this.params[this.paramIndex.get(node.offset)!]!;
      case "scalar":
        return node.value;
      case "map":
        return { M: Object.fromEntries(node.entries.map(([k, v]) => [k, this.value(v)])) };
      case "list":
        return { L: node.items.map((v) => this.value(v)) };
      case "set":
        return toSet(node.items.map((v) => this.value(v)));
    }
  }

  item(node: ValueNode): Item {
    const av = this.value(node);
    if (!av.M) throw validation("Unsupported operation: Only a struct can be inserted into a table");
    return av.M as Item;
  }

  path(node: PathNode): string {
    return node.elements
      .map((e, i) => {
        if (typeof e === "number") return `[${e}]`;
        let placeholder = this.nameOf.get(e);
        if (!placeholder) {
          placeholder = `#n${this.nameOf.size}`;
          this.nameOf.set(e, placeholder);
          this.names[placeholder] = e;
        }
        return i === 0 ? placeholder : `.${placeholder}`;
      })
      .join("");
  }

  operand(node: Operand): string {
    switch (node.kind) {
      case "path":
        return this.path(node);
      case "call":
        return `${node.name}(${node.args.map((a) => this.operand(a)).join(", ")})`;
      case "arith":
        return `${this.operand(node.left)} ${node.op} ${this.operand(node.right)}`;
      default: {
        const placeholder = `:v${this.valueCount++}`;
        this.values[placeholder] = this.value(node);
        return placeholder;
      }
    }
  }

  condition(c: Condition): string {
    switch (c.kind) {
      case "and":
      case "or":
        return `(${this.condition(c.left)}) ${c.kind.toUpperCase()} (${this.condition(c.right)})`;
      case "not":
        return `NOT (${this.condition(c.operand)})`;
      case "compare":
        return `${this.operand(c.left)} ${c.op} ${this.operand(c.right)}`;
      case "between":
        return `${this.operand(c.operand)} BETWEEN ${this.operand(c.low)} AND ${this.operand(c.high)}`;
      case "in": {
        const text = `${this.operand(c.operand)} IN (${c.list.map((o) => this.operand(o)).join(", ")})`;
        return c.negated ? `NOT (${text})` : text;
      }
      case "is": {
        const path = this.operand(c.operand);
        if (c.test === "MISSING") return c.negated ? `attribute_exists(${path})` : `attribute_not_exists(${path})`;
        const isNull = `attribute_type(${path}, ${this.operand({ kind: "scalar", value: { S: "NULL" } })})`;
        return c.negated ? `NOT ${isNull}` : isNull;
      }
      case "call":
        return this.operand(c);
    }
  }

  /** Names and values for an operation input (omitted when empty, as DynamoDB requires). */
  attributes(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, AttributeValue> } {
    return {
      ...(Object.keys(this.names).length ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

function toSet(items: AttributeValue[]): AttributeValue {
  if (items.every((v) => v.S !== undefined)) return { SS: items.map((v) => v.S!) };
  if (items.every((v) => v.N !== undefined)) return { NS: items.map((v) => v.N!) };
  if (items.every((v) => v.B !== undefined)) return { BS: items.map((v) => v.B!) };
  throw validation("Unsupported type passed to a set: elements of a set must all be strings, numbers or binaries");
}

/** The top-level AND-ed parts of a condition. */
export function conjuncts(c: Condition | undefined): Condition[] {
  if (!c) return [];
  return c.kind === "and" ? [...conjuncts(c.left), ...conjuncts(c.right)] : [c];
}

export function andAll(parts: Condition[]): Condition | undefined {
  return parts.reduce<Condition | undefined>((left, right) => (left ? { kind: "and", left, right } : right), undefined);
}

/** `attr = value` on a top-level attribute: the attribute's name and the value node. */
export function equalityOn(c: Condition): { name: string; value: ValueNode } | undefined {
  if (c.kind !== "compare" || c.op !== "=") return undefined;
  const [path, value] = c.left.kind === "path" ? [c.left, c.right] : [c.right, c.left];
  if (path.kind !== "path" || path.elements.length !== 1 || typeof path.elements[0] !== "string") return undefined;
  if (value.kind === "path" || value.kind === "call" || value.kind === "arith") return undefined;
  return { name: path.elements[0], value };
}
