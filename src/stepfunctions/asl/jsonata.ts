/**
 * JSONata in states: `{% expr %}` strings anywhere in Arguments, Output, Assign, Condition, Items
 * and the numeric fields. `$states` carries input, result, errorOutput and context; variables are
 * `$name`. AWS's extra functions ($partition $range $hash $random $uuid $parse) are bound, `$eval`
 * is refused, `$now()`/`$millis()` read the emulator's clock. Failures are States.QueryEvaluationError.
 */
import { createHash, randomUUID } from "node:crypto";
import jsonata from "jsonata";
import { isObject, type Json, type JsonObject } from "./json.js";
import { statesErrors } from "./states-error.js";

type Expression = ReturnType<typeof jsonata>;

const compiled = new Map<string, Expression>();

export function isJsonataString(value: unknown): value is string {
  return typeof value === "string" && value.startsWith("{%") && value.endsWith("%}");
}

function compile(source: string): Expression {
  let expression = compiled.get(source);
  if (!expression) {
    try {
      expression = jsonata(source);
    } catch (err) {
      throw statesErrors.queryEvaluation(`The JSONata expression '${source}' is invalid: ${(err as Error).message}`);
    }
    if (compiled.size < 5_000) compiled.set(source, expression);
  }
  return expression;
}

export interface JsonataScope {
  states: JsonObject;
  variables: JsonObject;
  now: number;
}

const HASHES: Record<string, string> = { MD5: "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };

/** AWS's functions that do not depend on the evaluation: assigned once to each compiled expression. */
const STATIC_FUNCTIONS: Record<string, unknown> = {
  eval: () => {
    throw new Error("The $eval function is not supported");
  },
  partition: (list: unknown[], size: number) => {
    if (!Array.isArray(list) || !(size > 0)) throw new Error("$partition takes an array and a positive chunk size");
    const out: unknown[][] = [];
    for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
    return out;
  },
  range: (start: number, end: number, step: number) => {
    if (!step) throw new Error("$range needs a non-zero step");
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.push(v);
      if (out.length > 1000) throw new Error("$range returns at most 1000 items");
    }
    return out;
  },
  hash: (data: unknown, algorithm: string) => {
    const name = HASHES[algorithm];
    if (!name) throw new Error(`$hash algorithm must be one of ${Object.keys(HASHES).join(", ")}`);
    return createHash(name).update(typeof data === "string" ? data : JSON.stringify(data)).digest("hex");
  },
  random: (seed?: number) => (seed === undefined ? Math.random() : mulberry(seed)),
  uuid: () => randomUUID(),
  parse: (text: string) => JSON.parse(text) as unknown,
};

/** Per evaluation: the variables, `$states` and the clock's `$now`/`$millis` (a variable may shadow none of AWS's functions). */
function bindings(scope: JsonataScope): Record<string, unknown> {
  return {
    ...scope.variables,
    states: scope.states,
    now: () => new Date(scope.now).toISOString(),
    millis: () => scope.now,
    ...STATIC_FUNCTIONS,
  };
}

function mulberry(seed: number): number {
  let t = (Math.floor(seed) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Evaluates one `{% %}` string. */
export async function evaluateJsonata(text: string, scope: JsonataScope, field: string): Promise<Json | undefined> {
  const source = text.slice(2, -2).trim();
  const expression = compile(source);
  let value: unknown;
  try {
    value = await expression.evaluate(null, bindings(scope));
  } catch (err) {
    throw statesErrors.queryEvaluation(`An error occurred while evaluating the JSONata expression in the field '${field}': ${(err as { message?: string }).message ?? String(err)}`);
  }
  return normalise(value);
}

/** Evaluates every `{% %}` string inside a template (objects and arrays recursed). */
export async function evaluateTemplate(template: Json, scope: JsonataScope, field: string): Promise<Json | undefined> {
  if (isJsonataString(template)) return evaluateJsonata(template, scope, field);
  if (Array.isArray(template)) {
    const out: Json[] = [];
    for (const item of template) {
      const v = await evaluateTemplate(item, scope, field);
      if (v !== undefined) out.push(v);
    }
    return out;
  }
  if (!isObject(template)) return template;
  const out = Object.create(null) as JsonObject;
  for (const key of Object.keys(template)) {
    const v = await evaluateTemplate(template[key]!, scope, `${field}/${key}`);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** JSONata sequences and frozen arrays back to plain JSON. */
function normalise(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "function") return undefined;
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (Number.isNaN(value) || value === Infinity || value === -Infinity) throw statesErrors.queryEvaluation("The JSONata expression returned a number JSON cannot carry");
  return JSON.parse(JSON.stringify(value)) as Json;
}
