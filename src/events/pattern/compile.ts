/**
 * EventBridge's event pattern language, compiled once per pattern: exact strings, numbers and null,
 * `prefix`, `suffix` (both optionally `equals-ignore-case`), `anything-but` (a value, a list, or a
 * prefix/suffix/wildcard/equals-ignore-case), `numeric` ranges, `exists`, `cidr`,
 * `equals-ignore-case`, `wildcard`, nested objects and `$or`. Invalid patterns throw
 * `PatternError` with a reason in the spirit of AWS's (its Ruler library's) wording.
 */

export class PatternError extends Error {}

/** One test a leaf value may pass. */
export type ValueMatcher =
  | { kind: "exact"; value: string | number | null | boolean }
  | { kind: "prefix"; value: string; ignoreCase: boolean }
  | { kind: "suffix"; value: string; ignoreCase: boolean }
  | { kind: "equals-ignore-case"; value: string }
  | { kind: "wildcard"; regex: RegExp }
  | { kind: "numeric"; ranges: [string, number][] }
  | { kind: "exists"; exists: boolean }
  | { kind: "cidr"; test: (ip: string) => boolean }
  | { kind: "anything-but"; inner: ValueMatcher[] };

/** A compiled pattern: fields (path → matchers or a nested pattern) that must all match, and `$or` alternatives. */
export interface CompiledPattern {
  fields: { key: string; leaf?: ValueMatcher[]; nested?: CompiledPattern }[];
  or: CompiledPattern[][];
}

const MAX_NUMBER = 5e9;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

export function parsePattern(text: string): CompiledPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PatternError(`${(err as Error).message}`);
  }
  if (!isObject(parsed)) throw new PatternError("Filter is not an object");
  return compilePattern(parsed);
}

export function compilePattern(obj: Record<string, unknown>): CompiledPattern {
  const out: CompiledPattern = { fields: [], or: [] };
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (key === "$or") {
      if (!Array.isArray(value) || value.length < 2) throw new PatternError("Value of $or must be an array of at least two objects");
      out.or.push(
        value.map((alt) => {
          if (!isObject(alt)) throw new PatternError("Value of $or must be an array of objects");
          return compilePattern(alt);
        }),
      );
    } else if (Array.isArray(value)) {
      out.fields.push({ key, leaf: value.map((m) => compileMatcher(m, key)) });
    } else if (isObject(value)) {
      out.fields.push({ key, nested: compilePattern(value) });
    } else {
      throw new PatternError(`"${key}" must be an object or an array`);
    }
  }
  return out;
}

function singleKey(m: Record<string, unknown>, field: string): [string, unknown] {
  const keys = Object.keys(m);
  if (keys.length !== 1) throw new PatternError(`Only one key allowed in match expression at "${field}"`);
  return [keys[0]!, m[keys[0]!]];
}

function compileMatcher(m: unknown, field: string): ValueMatcher {
  if (m === null || typeof m === "string" || typeof m === "boolean") return { kind: "exact", value: m };
  if (typeof m === "number") return { kind: "exact", value: m };
  if (Array.isArray(m)) throw new PatternError(`Match value must be String, number, true, false, or null at "${field}"`);
  if (!isObject(m)) throw new PatternError(`Unrecognized match value at "${field}"`);
  const [op, arg] = singleKey(m, field);
  switch (op) {
    case "prefix":
    case "suffix": {
      if (typeof arg === "string") return { kind: op, value: arg, ignoreCase: false };
      if (isObject(arg)) {
        const [inner, v] = singleKey(arg, field);
        if (inner === "equals-ignore-case" && typeof v === "string") return { kind: op, value: v.toLowerCase(), ignoreCase: true };
      }
      throw new PatternError(`${op} match pattern must be a string`);
    }
    case "equals-ignore-case":
      if (typeof arg !== "string") throw new PatternError("equals-ignore-case match pattern must be a string");
      return { kind: "equals-ignore-case", value: arg.toLowerCase() };
    case "wildcard":
      if (typeof arg !== "string") throw new PatternError("wildcard match pattern must be a string");
      return { kind: "wildcard", regex: wildcardRegex(arg) };
    case "exists":
      if (typeof arg !== "boolean") throw new PatternError("exists match pattern must be either true or false.");
      return { kind: "exists", exists: arg };
    case "numeric":
      return { kind: "numeric", ranges: numericRanges(arg) };
    case "cidr":
      if (typeof arg !== "string") throw new PatternError("prefix match pattern must be a string");
      return { kind: "cidr", test: cidrTest(arg) };
    case "anything-but":
      return { kind: "anything-but", inner: anythingBut(arg, field) };
    default:
      throw new PatternError(`Unrecognized match type ${op}`);
  }
}

function anythingBut(arg: unknown, field: string): ValueMatcher[] {
  if (typeof arg === "string" || typeof arg === "number") return [{ kind: "exact", value: arg }];
  if (Array.isArray(arg)) {
    if (arg.length === 0) throw new PatternError("Inside anything but list, start|null|boolean is not supported.");
    return arg.map((v) => {
      if (typeof v !== "string" && typeof v !== "number") throw new PatternError("Inside anything but list, start|null|boolean is not supported.");
      return { kind: "exact", value: v } as ValueMatcher;
    });
  }
  if (isObject(arg)) {
    const [op, v] = singleKey(arg, field);
    if (op === "prefix" || op === "suffix") {
      if (typeof v !== "string" || v === "") throw new PatternError(`Value of ${op} must be a non-empty string`);
      return [{ kind: op, value: v, ignoreCase: false }];
    }
    if (op === "wildcard" && typeof v === "string") return [{ kind: "wildcard", regex: wildcardRegex(v) }];
    if (op === "equals-ignore-case") {
      const values = Array.isArray(v) ? v : [v];
      if (values.length === 0 || values.some((x) => typeof x !== "string")) throw new PatternError("Inside anything-but/ignore-case list, number|start|null|boolean is not supported.");
      return values.map((x) => ({ kind: "equals-ignore-case", value: (x as string).toLowerCase() }));
    }
    throw new PatternError(`Unsupported anything-but pattern: ${op}`);
  }
  throw new PatternError("Inside anything but list, start|null|boolean is not supported.");
}

const NUMERIC_OPS = new Set(["=", "<", "<=", ">", ">="]);

function numericRanges(arg: unknown): [string, number][] {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0) throw new PatternError("Value of numeric must be an array.");
  const ranges: [string, number][] = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op = arg[i];
    const n = arg[i + 1];
    if (typeof op !== "string" || !NUMERIC_OPS.has(op)) throw new PatternError(`Unrecognized numeric range operator: ${String(op)}`);
    if (typeof n !== "number") throw new PatternError(`Value of ${op} must be numeric`);
    if (n < -MAX_NUMBER || n > MAX_NUMBER) throw new PatternError(`Value of ${op} must be between -5.0E9 and 5.0E9 inclusive`);
    ranges.push([op, n]);
  }
  const lower = ranges.filter(([op]) => op === ">" || op === ">=").length;
  const upper = ranges.filter(([op]) => op === "<" || op === "<=").length;
  const equal = ranges.filter(([op]) => op === "=").length;
  if (lower > 1 || upper > 1 || (equal > 0 && ranges.length > 1)) throw new PatternError("Bad numeric range definition");
  return ranges;
}

export function wildcardRegex(pattern: string): RegExp {
  if (pattern.includes("**")) throw new PatternError("Consecutive wildcard characters at pos " + pattern.indexOf("**"));
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next !== "*" && next !== "\\") throw new PatternError(`Invalid escape character at pos ${i}`);
      source += "\\" + next;
      i++;
    } else if (c === "*") source += "[\\s\\S]*";
    else source += c.replace(/[.+?^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

function ipv4ToBigInt(ip: string): bigint | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function ipv6ToBigInt(ip: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(ip)) return undefined;
  const halves = ip.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

function cidrTest(cidr: string): (ip: string) => boolean {
  const [addr, bitsText] = cidr.split("/");
  const v4 = ipv4ToBigInt(addr ?? "");
  const v6 = v4 === undefined ? ipv6ToBigInt(addr ?? "") : undefined;
  const width = v4 !== undefined ? 32 : 128;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if ((v4 === undefined && v6 === undefined) || !/^\d+$/.test(bitsText ?? String(width)) || bits > width) {
    throw new PatternError(`Nonstandard IP address: ${cidr}`);
  }
  const base = (v4 ?? v6)!;
  const shift = BigInt(width - bits);
  return (ip) => {
    const n = v4 !== undefined ? ipv4ToBigInt(ip) : ipv6ToBigInt(ip);
    return n !== undefined && n >> shift === base >> shift;
  };
}
