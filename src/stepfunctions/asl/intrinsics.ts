/**
 * Intrinsic functions (`States.Format('{}', $.x)` ...) in JSONPath mode: a small parser and the
 * functions AWS documents, with its argument checks. Failures are States.Runtime (AWS folded
 * States.IntrinsicFailure into it).
 */
import { createHash, randomUUID } from "node:crypto";
import { isObject, jsonEquals, type Json, type JsonObject } from "./json.js";
import { resolvePath, type PathScope } from "./scope.js";
import { statesErrors } from "./states-error.js";

type Arg = { kind: "literal"; value: Json } | { kind: "path"; path: string } | { kind: "call"; call: Call };
interface Call {
  name: string;
  args: Arg[];
}

const MAX_NESTING = 10;

export function isIntrinsic(text: string): boolean {
  return /^States\.[A-Za-z0-9]+\(/.test(text.trim());
}

/** Parses a call, or throws an Error whose message explains why. */
export function parseIntrinsic(text: string): Call {
  const parser = new Parser(text.trim());
  const call = parser.call(0);
  parser.skipSpace();
  if (!parser.atEnd()) throw new Error(`unexpected text after the call at ${parser.pos}`);
  return call;
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}
  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  skipSpace(): void {
    while (this.text[this.pos] === " ") this.pos++;
  }
  call(depth: number): Call {
    if (depth >= MAX_NESTING) throw new Error("intrinsic functions nest at most 10 deep");
    const match = /^States\.([A-Za-z0-9]+)\(/.exec(this.text.slice(this.pos));
    if (!match) throw new Error(`expected an intrinsic function at ${this.pos}`);
    this.pos += match[0].length;
    const args: Arg[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ")") {
      this.pos++;
      return { name: `States.${match[1]}`, args };
    }
    for (;;) {
      this.skipSpace();
      args.push(this.arg(depth));
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ")") break;
      if (c !== ",") throw new Error(`expected ',' or ')' at ${this.pos - 1}`);
    }
    return { name: `States.${match[1]}`, args };
  }
  arg(depth: number): Arg {
    const c = this.text[this.pos];
    if (c === "'") return { kind: "literal", value: this.string() };
    if (c === "$") {
      let end = this.pos;
      let bracket = 0;
      let quote = false;
      while (end < this.text.length) {
        const ch = this.text[end];
        if (ch === "'" && bracket > 0) quote = !quote;
        else if (!quote && ch === "[") bracket++;
        else if (!quote && ch === "]") bracket--;
        else if (!quote && bracket === 0 && (ch === "," || ch === ")" || ch === " ")) break;
        end++;
      }
      const path = this.text.slice(this.pos, end);
      this.pos = end;
      return { kind: "path", path };
    }
    if (this.text.startsWith("States.", this.pos)) return { kind: "call", call: this.call(depth + 1) };
    const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.pos));
    if (!literal) throw new Error(`unexpected argument at ${this.pos}`);
    this.pos += literal[0].length;
    return { kind: "literal", value: JSON.parse(literal[0]) as Json };
  }
  string(): string {
    this.pos++;
    let out = "";
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++]!;
      if (c === "\\") {
        const next = this.text[this.pos++];
        if (next === undefined) break;
        // `\{` and `\}` stay escaped so States.Format can tell literal braces from placeholders.
        out += next === "{" || next === "}" ? `\\${next}` : next;
      } else if (c === "'") return out;
      else out += c;
    }
    throw new Error("unterminated string literal");
  }
}

const parsed = new Map<string, Call>();

export function evaluateIntrinsic(text: string, scope: PathScope, field: string): Json {
  let call = parsed.get(text);
  if (!call) {
    try {
      call = parseIntrinsic(text);
    } catch (err) {
      throw statesErrors.runtime(`The value for the field '${field}' must be a valid JSONPath or a valid intrinsic function call (${(err as Error).message})`);
    }
    if (parsed.size < 5_000) parsed.set(text, call);
  }
  return run(call, scope, field);
}

function run(call: Call, scope: PathScope, field: string): Json {
  const args = call.args.map((arg): Json => {
    if (arg.kind === "literal") return typeof arg.value === "string" ? arg.value.replace(/\\([{}])/g, "$1") : arg.value;
    if (arg.kind === "call") return run(arg.call, scope, field);
    return resolvePath(arg.path, scope, (missing) =>
      statesErrors.runtime(`The JsonPath argument for the field '${field}' could not be found in the input '${JSON.stringify(scope.input)}' (${missing})`),
    );
  });
  const fn = FUNCTIONS[call.name];
  if (!fn) throw statesErrors.runtime(`The intrinsic function ${call.name} is not supported`);
  // Format needs its template's escapes, so it reads the raw literal.
  const first = call.args[0];
  if (call.name === "States.Format" && first?.kind === "literal" && typeof first.value === "string") args[0] = first.value;
  return fn(args, call.name);
}

function fail(name: string, message: string): never {
  throw statesErrors.runtime(`Invalid arguments in ${name}: ${message}`);
}
function count(name: string, args: Json[], min: number, max = min): void {
  if (args.length < min || args.length > max) fail(name, `expected ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`);
}
function str(name: string, v: Json | undefined): string {
  if (typeof v !== "string") fail(name, `expected a string, got ${JSON.stringify(v)}`);
  return v;
}
function num(name: string, v: Json | undefined): number {
  if (typeof v !== "number") fail(name, `expected a number, got ${JSON.stringify(v)}`);
  return v;
}
function int(name: string, v: Json | undefined): number {
  const n = num(name, v);
  if (!Number.isInteger(n)) fail(name, `expected an integer, got ${n}`);
  return n;
}
function arr(name: string, v: Json | undefined): Json[] {
  if (!Array.isArray(v)) fail(name, `expected an array, got ${JSON.stringify(v)}`);
  return v;
}

const HASHES: Record<string, string> = { MD5: "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };

const FUNCTIONS: Record<string, (args: Json[], name: string) => Json> = {
  "States.Format"(args, name) {
    if (args.length < 1) fail(name, "expected a template");
    const template = str(name, args[0]);
    const values = args.slice(1);
    const placeholders = template.match(/(?<!\\)\{\}/g)?.length ?? 0;
    if (placeholders !== values.length) fail(name, `the template has ${placeholders} placeholders but ${values.length} arguments were given`);
    let i = 0;
    return template
      .replace(/(?<!\\)\{\}/g, () => {
        const v = values[i++];
        if (v !== null && typeof v === "object") fail(name, "arguments must be strings, numbers, booleans or null");
        return String(v);
      })
      .replace(/\\([{}\\'])/g, "$1");
  },
  "States.StringToJson"(args, name) {
    count(name, args, 1);
    try {
      return JSON.parse(str(name, args[0])) as Json;
    } catch {
      return fail(name, "the string is not JSON");
    }
  },
  "States.JsonToString"(args, name) {
    count(name, args, 1);
    return JSON.stringify(args[0]);
  },
  "States.Array"(args) {
    return args;
  },
  "States.ArrayPartition"(args, name) {
    count(name, args, 2);
    const list = arr(name, args[0]);
    const size = int(name, args[1]);
    if (size <= 0) fail(name, "the chunk size must be greater than 0");
    const out: Json[] = [];
    for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
    return out;
  },
  "States.ArrayContains"(args, name) {
    count(name, args, 2);
    return arr(name, args[0]).some((v) => jsonEquals(v, args[1]));
  },
  "States.ArrayRange"(args, name) {
    count(name, args, 3);
    const [start, end, step] = [int(name, args[0]), int(name, args[1]), int(name, args[2])];
    if (step === 0) fail(name, "the step must not be 0");
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.push(v);
      if (out.length > 1000) fail(name, "the range has more than 1000 items");
    }
    return out;
  },
  "States.ArrayGetItem"(args, name) {
    count(name, args, 2);
    const list = arr(name, args[0]);
    const index = int(name, args[1]);
    if (index < 0 || index >= list.length) fail(name, `index ${index} is out of bounds`);
    return list[index]!;
  },
  "States.ArrayLength"(args, name) {
    count(name, args, 1);
    return arr(name, args[0]).length;
  },
  "States.ArrayUnique"(args, name) {
    count(name, args, 1);
    const out: Json[] = [];
    for (const v of arr(name, args[0])) if (!out.some((u) => jsonEquals(u, v))) out.push(v);
    return out;
  },
  "States.Base64Encode"(args, name) {
    count(name, args, 1);
    const s = str(name, args[0]);
    if (s.length > 10_000) fail(name, "the input is longer than 10000 characters");
    return Buffer.from(s, "utf8").toString("base64");
  },
  "States.Base64Decode"(args, name) {
    count(name, args, 1);
    const s = str(name, args[0]);
    if (s.length > 10_000) fail(name, "the input is longer than 10000 characters");
    return Buffer.from(s, "base64").toString("utf8");
  },
  "States.Hash"(args, name) {
    count(name, args, 2);
    const algorithm = HASHES[str(name, args[1])];
    if (!algorithm) fail(name, `the hash algorithm must be one of ${Object.keys(HASHES).join(", ")}`);
    const data = typeof args[0] === "string" ? args[0] : JSON.stringify(args[0]);
    return createHash(algorithm).update(data).digest("hex");
  },
  "States.JsonMerge"(args, name) {
    count(name, args, 3);
    if (!isObject(args[0]) || !isObject(args[1])) fail(name, "expected two objects");
    if (args[2] !== false) fail(name, "only shallow merges (false) are supported");
    return { ...(args[0] as JsonObject), ...(args[1] as JsonObject) };
  },
  "States.MathRandom"(args, name) {
    count(name, args, 2, 3);
    const [start, end] = [int(name, args[0]), int(name, args[1])];
    const random = args.length === 3 ? seeded(int(name, args[2])) : Math.random();
    return start + Math.floor(random * (end - start));
  },
  "States.MathAdd"(args, name) {
    count(name, args, 2);
    return int(name, args[0]) + int(name, args[1]);
  },
  "States.StringSplit"(args, name) {
    count(name, args, 2);
    const s = str(name, args[0]);
    const delimiters = [...str(name, args[1])];
    if (delimiters.length === 0) return [s];
    const pattern = new RegExp(`[${delimiters.map((d) => d.replace(/[\\\]^-]/g, "\\$&")).join("")}]`);
    return s.split(pattern).filter((part) => part !== "");
  },
  "States.UUID"(args, name) {
    count(name, args, 0);
    return randomUUID();
  },
};

/** A number in [0, 1) from a seed (mulberry32), so a seeded MathRandom repeats. */
function seeded(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
