/** Evaluates conditions and operands against an item, and projects items onto paths. */
import { compareValues, setHas, valuesEqual, binaryLength, typeOf, type AttributeValue, type Item } from "../attribute-value.js";
import type { Condition, Operand, PathElement, PathNode } from "./ast.js";

export function resolvePath(item: Item, elements: PathElement[]): AttributeValue | undefined {
  let cur: AttributeValue | undefined = item[elements[0] as string];
  for (let i = 1; i < elements.length && cur; i++) {
    const e = elements[i]!;
    if (typeof e === "number") cur = cur.L ? cur.L[e] : undefined;
    else cur = cur.M ? cur.M[e] : undefined;
  }
  return cur;
}

function sizeOf(av: AttributeValue): number | undefined {
  if (av.S !== undefined) return Buffer.byteLength(av.S, "utf8");
  if (av.B !== undefined) return binaryLength(av.B);
  const list = av.SS ?? av.NS ?? av.BS ?? av.L;
  if (list) return list.length;
  if (av.M) return Object.keys(av.M).length;
  return undefined;
}

export function evalOperand(op: Operand, item: Item): AttributeValue | undefined {
  switch (op.kind) {
    case "path":
      return resolvePath(item, op.elements);
    case "value":
      return op.value;
    case "function": {
      if (op.name !== "size") return undefined;
      const v = evalOperand(op.args[0]!, item);
      const n = v && sizeOf(v);
      return n === undefined ? undefined : { N: String(n) };
    }
    default:
      return undefined;
  }
}

function beginsWith(v: AttributeValue | undefined, prefix: AttributeValue | undefined): boolean {
  if (!v || !prefix) return false;
  if (v.S !== undefined && prefix.S !== undefined) return v.S.startsWith(prefix.S);
  if (v.B !== undefined && prefix.B !== undefined) {
    const a = Buffer.from(v.B, "base64");
    const b = Buffer.from(prefix.B, "base64");
    return a.length >= b.length && a.subarray(0, b.length).equals(b);
  }
  return false;
}

function contains(v: AttributeValue | undefined, x: AttributeValue | undefined): boolean {
  if (!v || !x) return false;
  if (v.S !== undefined) return x.S !== undefined && v.S.includes(x.S);
  if (v.B !== undefined) return x.B !== undefined && Buffer.from(v.B, "base64").includes(Buffer.from(x.B, "base64"));
  if (v.SS) return x.S !== undefined && v.SS.includes(x.S);
  if (v.NS) return x.N !== undefined && setHas("NS", v.NS, x.N);
  if (v.BS) return x.B !== undefined && setHas("BS", v.BS, x.B);
  if (v.L) return v.L.some((e) => valuesEqual(e, x));
  return false;
}

export function evalCondition(c: Condition, item: Item): boolean {
  switch (c.kind) {
    case "and":
      return evalCondition(c.left, item) && evalCondition(c.right, item);
    case "or":
      return evalCondition(c.left, item) || evalCondition(c.right, item);
    case "not":
      return !evalCondition(c.operand, item);
    case "compare": {
      const a = evalOperand(c.left, item);
      const b = evalOperand(c.right, item);
      if (c.op === "=") return !!a && !!b && valuesEqual(a, b);
      if (c.op === "<>") return !a || !b || !valuesEqual(a, b);
      if (!a || !b) return false;
      const cmp = compareValues(a, b);
      if (cmp === undefined) return false;
      return c.op === "<" ? cmp < 0 : c.op === "<=" ? cmp <= 0 : c.op === ">" ? cmp > 0 : cmp >= 0;
    }
    case "between": {
      const v = evalOperand(c.operand, item);
      const lo = evalOperand(c.low, item);
      const hi = evalOperand(c.high, item);
      if (!v || !lo || !hi) return false;
      const a = compareValues(v, lo);
      const b = compareValues(v, hi);
      return a !== undefined && b !== undefined && a >= 0 && b <= 0;
    }
    case "in": {
      const v = evalOperand(c.operand, item);
      return !!v && c.list.some((o) => {
        const x = evalOperand(o, item);
        return !!x && valuesEqual(v, x);
      });
    }
    case "call": {
      const [first, second] = c.args;
      switch (c.name) {
        case "attribute_exists":
          return evalOperand(first!, item) !== undefined;
        case "attribute_not_exists":
          return evalOperand(first!, item) === undefined;
        case "attribute_type": {
          const v = evalOperand(first!, item);
          const t = evalOperand(second!, item);
          return !!v && t?.S === typeOf(v);
        }
        case "begins_with":
          return beginsWith(evalOperand(first!, item), evalOperand(second!, item));
        default:
          return contains(evalOperand(first!, item), evalOperand(second!, item));
      }
    }
  }
}

/** A new item holding only the given paths (list elements keep their relative order). */
export function project(item: Item, paths: PathNode[]): Item {
  const out: Item = {};
  for (const p of paths) {
    const v = resolvePath(item, p.elements);
    if (v === undefined) continue;
    placeProjected(out, item, p.elements, v);
  }
  return compactLists(out);
}

const SPARSE = Symbol("sparse");
type SparseList = AttributeValue[] & { [SPARSE]?: Map<number, AttributeValue> };

function placeProjected(out: Item, source: Item, elements: PathElement[], value: AttributeValue): void {
  if (elements.length === 1) {
    out[elements[0] as string] = value;
    return;
  }
  let src: AttributeValue | undefined = source[elements[0] as string];
  let container: AttributeValue = out[elements[0] as string] ?? (out[elements[0] as string] = src!.L ? { L: [] } : { M: {} });
  for (let i = 1; i < elements.length; i++) {
    const e = elements[i]!;
    const last = i === elements.length - 1;
    const nextSrc: AttributeValue | undefined = typeof e === "number" ? src!.L![e] : src!.M![e];
    if (typeof e === "number") {
      const list = container.L as SparseList;
      const map = (list[SPARSE] ??= new Map());
      let child = map.get(e);
      if (last) map.set(e, value);
      else {
        if (!child || (child.M && Object.keys(child.M).length === 0 && !nextSrc!.M)) {
          child = nextSrc!.L ? { L: [] } : { M: {} };
          map.set(e, child);
        }
        container = child;
      }
    } else {
      if (last) container.M![e] = value;
      else {
        let child: AttributeValue | undefined = container.M![e];
        if (!child) {
          child = nextSrc!.L ? { L: [] } : { M: {} };
          container.M![e] = child;
        }
        container = child;
      }
    }
    src = nextSrc;
    if (last) break;
  }
}

function compactValue(v: AttributeValue): AttributeValue {
  if (v.L) {
    const sparse = (v.L as SparseList)[SPARSE];
    if (sparse) return { L: [...sparse.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => compactValue(e)) };
    return v;
  }
  if (v.M) {
    const m: Item = {};
    for (const k in v.M) m[k] = compactValue(v.M[k]!);
    return { M: m };
  }
  return v;
}

function compactLists(item: Item): Item {
  for (const k in item) item[k] = compactValue(item[k]!);
  return item;
}
