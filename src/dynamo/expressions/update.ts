/** Applies UpdateExpression actions to an item, with DynamoDB's checks and error messages. */
import { checkValue, setHas, type AttributeValue, type Item } from "../attribute-value.js";
import { invalidParameter, validation } from "../errors.js";
import { addNumbers } from "../numbers.js";
import { pathText, type Operand, type PathElement, type PathNode, type UpdateAction } from "./ast.js";
import { resolvePath } from "./evaluate.js";
import type { ExpressionKind } from "./parser.js";

/** Two paths in one expression may neither overlap (one a prefix of the other) nor conflict. */
export function checkPathsDisjoint(paths: PathNode[], kind: ExpressionKind): void {
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const a = paths[i]!.elements;
      const b = paths[j]!.elements;
      const n = Math.min(a.length, b.length);
      let k = 0;
      while (k < n && a[k] === b[k]) k++;
      if (k === n) {
        throw validation(`Invalid ${kind}: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${pathText(paths[i]!)}, path two: ${pathText(paths[j]!)}`);
      }
      if (typeof a[k] !== typeof b[k]) {
        throw validation(`Invalid ${kind}: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${pathText(paths[i]!)}, path two: ${pathText(paths[j]!)}`);
      }
    }
  }
}

const TYPE_NAMES: Record<string, string> = {
  S: "STRING", N: "NUMBER", B: "BINARY", SS: "STRING_SET", NS: "NUMBER_SET", BS: "BINARY_SET", M: "MAP", L: "LIST", BOOL: "BOOLEAN", NULL: "NULL",
};

/** Static checks: key attributes untouchable, ADD/DELETE operand types, disjoint paths. */
export function checkUpdate(actions: UpdateAction[], keyNames: string[]): void {
  for (const a of actions) {
    if (a.action === "ADD" || a.action === "DELETE") {
      const t = Object.keys((a.value as { value: AttributeValue }).value)[0]!;
      const ok = a.action === "ADD" ? ["N", "SS", "NS", "BS"].includes(t) : ["SS", "NS", "BS"].includes(t);
      if (!ok) throw validation(`Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ${a.action}, operand type: ${TYPE_NAMES[t]}`);
    }
  }
  checkPathsDisjoint(actions.map((a) => a.path), "UpdateExpression");
  for (const a of actions) {
    const top = a.path.elements[0] as string;
    if (keyNames.includes(top)) throw invalidParameter(`Cannot update attribute ${top}. This attribute is part of the key`);
  }
}

const wrongType = (): Error => validation("An operand in the update expression has an incorrect data type");
const missing = (): Error => validation("The provided expression refers to an attribute that does not exist in the item");
const invalidPath = (): Error => validation("The document path provided in the update expression is invalid for update");

function operandValue(op: Operand, item: Item): AttributeValue {
  switch (op.kind) {
    case "value":
      return op.value;
    case "path": {
      const v = resolvePath(item, op.elements);
      if (!v) throw missing();
      return v;
    }
    case "arithmetic": {
      const l = operandValue(op.left, item);
      const r = operandValue(op.right, item);
      if (l.N === undefined || r.N === undefined) throw wrongType();
      return { N: addNumbers(l.N, r.N, op.op === "-") };
    }
    case "function": {
      if (op.name === "if_not_exists") {
        const v = resolvePath(item, (op.args[0] as PathNode).elements);
        return v ?? operandValue(op.args[1]!, item);
      }
      const a = operandValue(op.args[0]!, item);
      const b = operandValue(op.args[1]!, item);
      if (!a.L || !b.L) throw wrongType();
      return { L: [...a.L, ...b.L] };
    }
  }
}

/** The container holding the last path element, or undefined when the path cannot be reached. */
function parentOf(item: Item, elements: PathElement[]): AttributeValue | Item | undefined {
  if (elements.length === 1) return item;
  const parent = resolvePath(item, elements.slice(0, -1));
  return parent;
}

function setAt(item: Item, elements: PathElement[], value: AttributeValue): void {
  const last = elements[elements.length - 1]!;
  const parent = parentOf(item, elements);
  if (elements.length === 1) {
    item[last as string] = value;
    return;
  }
  const p = parent as AttributeValue | undefined;
  if (!p) throw invalidPath();
  if (typeof last === "number") {
    if (!p.L) throw invalidPath();
    if (last >= p.L.length) p.L.push(value);
    else p.L[last] = value;
  } else {
    if (!p.M) throw invalidPath();
    p.M[last] = value;
  }
}

function removeAt(item: Item, elements: PathElement[]): void {
  const last = elements[elements.length - 1]!;
  if (elements.length === 1) {
    delete item[last as string];
    return;
  }
  const p = parentOf(item, elements) as AttributeValue | undefined;
  if (!p) return;
  if (typeof last === "number") {
    if (p.L && last < p.L.length) p.L.splice(last, 1);
  } else if (p.M) delete p.M[last];
}

/**
 * Applies the actions to a copy of `old` (SET values are computed from the old item first, as
 * DynamoDB does) and returns the new item and the paths it touched.
 */
export function applyUpdate(old: Item | undefined, actions: UpdateAction[]): Item {
  const before = old ?? {};
  const values = actions.map((a) => (a.action === "SET" ? operandValue(a.value!, before) : undefined));
  const item = structuredClone(before);
  actions.forEach((a, i) => {
    if (a.action === "SET") setAt(item, a.path.elements, structuredClone(values[i]!));
  });
  // Removing list elements by index refers to the original positions: highest first.
  const removals = actions.filter((a) => a.action === "REMOVE").map((a) => a.path.elements);
  removals.sort((x, y) => {
    const a = x[x.length - 1];
    const b = y[y.length - 1];
    return typeof a === "number" && typeof b === "number" ? b - a : 0;
  });
  for (const r of removals) removeAt(item, r);
  for (const a of actions) {
    if (a.action !== "ADD" && a.action !== "DELETE") continue;
    const operand = (a.value as { value: AttributeValue }).value;
    const current = resolvePath(item, a.path.elements);
    if (a.action === "ADD") {
      if (!current) setAt(item, a.path.elements, structuredClone(operand));
      else if (operand.N !== undefined) {
        if (current.N === undefined) throw wrongType();
        current.N = addNumbers(current.N, operand.N);
      } else {
        const t = Object.keys(operand)[0] as "SS" | "NS" | "BS";
        const set = current[t];
        if (!set) throw wrongType();
        for (const e of operand[t]!) if (!setHas(t, set, e)) set.push(e);
      }
    } else if (current) {
      const t = Object.keys(operand)[0] as "SS" | "NS" | "BS";
      const set = current[t];
      if (!set) throw wrongType();
      const remaining = set.filter((e) => !setHas(t, operand[t]!, e));
      if (remaining.length === 0) removeAt(item, a.path.elements);
      else current[t] = remaining;
    }
  }
  for (const k in item) checkValue(item[k]);
  return item;
}
