/**
 * AttributeValues in wire form (binaries stay base64 strings): shape checks, canonical numbers,
 * DynamoDB's item-size arithmetic, ordering and equality. Items are stored in this form, so a
 * read returns them without re-encoding.
 */
import { invalidParameter, serialization, validation } from "./errors.js";
import { canonicalNumber, compareNumbers, numberSize } from "./numbers.js";

export interface AttributeValue {
  S?: string;
  N?: string;
  B?: string;
  SS?: string[];
  NS?: string[];
  BS?: string[];
  M?: Item;
  L?: AttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}
export type Item = Record<string, AttributeValue>;
export type ScalarType = "S" | "N" | "B";
export type AttributeType = keyof AttributeValue;

function isType(k: string): boolean {
  switch (k) {
    case "S":
    case "N":
    case "B":
    case "SS":
    case "NS":
    case "BS":
    case "M":
    case "L":
    case "NULL":
    case "BOOL":
      return true;
    default:
      return false;
  }
}

export function describeJson(v: unknown): string {
  if (v === null) return "NULL_VALUE";
  if (typeof v === "number") return "NUMBER_VALUE";
  if (typeof v === "boolean") return v ? "TRUE_VALUE" : "FALSE_VALUE";
  if (typeof v === "string") return "STRING_VALUE";
  return Array.isArray(v) ? "START_ARRAY" : "START_OBJECT";
}

function expectString(v: unknown, what = "String"): string {
  if (typeof v === "string") return v;
  if (v !== null && typeof v === "object") throw serialization(Array.isArray(v) ? "Unrecognized collection type class java.lang.String" : "Start of structure or map found where not expected.");
  throw serialization(`${describeJson(v)} cannot be converted to ${what}`);
}

function expectArray(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  throw serialization(typeof v === "object" && v !== null ? "Start of structure or map found where not expected." : "Unrecognized collection type class java.util.List");
}

export function expectObject(v: unknown): Record<string, unknown> {
  if (v !== null && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  throw serialization(Array.isArray(v) ? "Start of list found where not expected" : "Unexpected value type in payload");
}

/** The one type an AttributeValue carries (after validation). */
export function typeOf(av: AttributeValue): AttributeType {
  for (const k in av) return k as AttributeType;
  return "NULL";
}

function utf8Length(s: string): number {
  // ASCII fast path: byteLength is the same and this avoids a native call for short strings.
  if (s.length < 64) {
    let ascii = true;
    for (let i = 0; i < s.length && ascii; i++) ascii = s.charCodeAt(i) < 128;
    if (ascii) return s.length;
  }
  return Buffer.byteLength(s, "utf8");
}

export function binaryLength(b64: string): number {
  let pad = 0;
  if (b64.endsWith("==")) pad = 2;
  else if (b64.endsWith("=")) pad = 1;
  return Math.floor((b64.length * 3) / 4) - pad;
}

const SET_NAMES: Record<string, string> = { SS: "string", NS: "number", BS: "binary" };

/** How many numbers validation has rewritten to their canonical form (so far, in this process). */
let canonicalRewrites = 0;
export function numbersRewritten(): number {
  return canonicalRewrites;
}

/** Maps and lists nest at most 32 levels deep (a scalar under 31 of them is the deepest value). */
const MAX_DEPTH = 32;
const TOO_DEEP = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

/**
 * Validates one AttributeValue (canonicalising numbers in place) and returns its size in bytes.
 * `depth`: 1 for an attribute of the item, one more inside each map or list.
 */
export function checkValue(raw: unknown, depth = 1): number {
  if (depth > MAX_DEPTH) throw validation(TOO_DEEP);
  const av = expectObject(raw) as Record<string, unknown>;
  let type: string | undefined;
  for (const k in av) {
    if (av[k] === undefined || av[k] === null) continue;
    if (!isType(k)) throw serialization(`Unrecognized field name ${k}`);
    if (type) throw validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
    type = k;
  }
  if (!type) throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  const v = av[type];
  switch (type) {
    case "S":
      return utf8Length(expectString(v));
    case "N": {
      const c = canonicalNumber(expectString(v, "Number"));
      if (c !== v) {
        av.N = c;
        canonicalRewrites++;
      }
      return numberSize(c);
    }
    case "B":
      return binaryLength(expectString(v, "Blob"));
    case "BOOL":
      if (typeof v !== "boolean") throw serialization(`${describeJson(v)} cannot be converted to Boolean`);
      return 1;
    case "NULL":
      if (typeof v !== "boolean") throw serialization(`${describeJson(v)} cannot be converted to Boolean`);
      if (!v) throw invalidParameter("Null attribute value types must have the value of true");
      return 1;
    case "SS":
    case "NS":
    case "BS":
      return checkSet(type, expectArray(v), av);
    case "L": {
      let size = 3;
      for (const e of expectArray(v)) size += checkValue(e, depth + 1) + 1;
      return size;
    }
    default: {
      const m = expectObject(v);
      let size = 3;
      for (const k in m) size += utf8Length(k) + checkValue(m[k], depth + 1) + 1;
      return size;
    }
  }
}

function checkSet(type: string, values: unknown[], av: Record<string, unknown>): number {
  if (values.length === 0) throw invalidParameter(`An ${SET_NAMES[type]} set  may not be empty`);
  let size = 0;
  // Small sets (the usual ones) are checked for duplicates pairwise, without building a Set.
  const seen = values.length > 16 ? new Set<string>() : undefined;
  const keys: string[] = [];
  let canon: string[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const s = expectString(values[i], type === "NS" ? "Number" : type === "BS" ? "Blob" : "String");
    let key = s;
    if (type === "NS") {
      key = canonicalNumber(s);
      if (key !== s) (canon ??= (values as string[]).slice())[i] = key;
      size += numberSize(key);
    } else size += type === "SS" ? utf8Length(s) : binaryLength(s);
    if (seen ? seen.has(key) : keys.includes(key)) throw invalidParameter(`Input collection [${values.join(", ")}] contains duplicates.`);
    if (seen) seen.add(key);
    else keys.push(key);
  }
  if (canon) {
    av[type] = canon;
    canonicalRewrites++;
  }
  return size;
}

/** Validates a whole item; returns its size as DynamoDB measures it. */
export function checkItem(raw: unknown): number {
  const item = expectObject(raw);
  let size = 0;
  for (const name in item) size += utf8Length(name) + checkValue(item[name]);
  return size;
}

/** Size of an already validated item. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const name in item) size += utf8Length(name) + valueSize(item[name]!);
  return size;
}

export function valueSize(av: AttributeValue): number {
  if (av.S !== undefined) return utf8Length(av.S);
  if (av.N !== undefined) return numberSize(av.N);
  if (av.B !== undefined) return binaryLength(av.B);
  if (av.SS) return av.SS.reduce((s, e) => s + utf8Length(e), 0);
  if (av.NS) return av.NS.reduce((s, e) => s + numberSize(e), 0);
  if (av.BS) return av.BS.reduce((s, e) => s + binaryLength(e), 0);
  if (av.L) return av.L.reduce((s, e) => s + valueSize(e) + 1, 3);
  if (av.M) {
    let size = 3;
    for (const k in av.M) size += utf8Length(k) + valueSize(av.M[k]!) + 1;
    return size;
  }
  return 1;
}

export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export function compareBinaries(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "base64"), Buffer.from(b, "base64"));
}

/** Ordering of two scalars of one type (N, S or B); undefined when they cannot be ordered. */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.N !== undefined && b.N !== undefined) return compareNumbers(a.N, b.N);
  if (a.S !== undefined && b.S !== undefined) return compareStrings(a.S, b.S);
  if (a.B !== undefined && b.B !== undefined) return compareBinaries(a.B, b.B);
  return undefined;
}

function setKey(type: "SS" | "NS" | "BS", e: string): string {
  return type === "NS" ? canonicalNumber(e) : type === "BS" ? Buffer.from(e, "base64").toString("base64") : e;
}

export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const t = typeOf(a);
  if (t !== typeOf(b)) return false;
  switch (t) {
    case "N":
      return compareNumbers(a.N!, b.N!) === 0;
    case "B":
      return compareBinaries(a.B!, b.B!) === 0;
    case "SS":
    case "NS":
    case "BS": {
      const x = a[t]!;
      const y = b[t]!;
      if (x.length !== y.length) return false;
      const ys = new Set(y.map((e) => setKey(t, e)));
      return x.every((e) => ys.has(setKey(t, e)));
    }
    case "L":
      return a.L!.length === b.L!.length && a.L!.every((e, i) => valuesEqual(e, b.L![i]!));
    case "M": {
      const ka = Object.keys(a.M!);
      if (ka.length !== Object.keys(b.M!).length) return false;
      return ka.every((k) => b.M![k] !== undefined && valuesEqual(a.M![k]!, b.M![k]!));
    }
    default:
      return a[t] === b[t];
  }
}

export function setHas(type: "SS" | "NS" | "BS", set: string[], e: string): boolean {
  const k = setKey(type, e);
  return set.some((x) => setKey(type, x) === k);
}

/** Deep copy of an item (JSON-safe wire form). */
export function cloneItem<T>(v: T): T {
  return structuredClone(v);
}
