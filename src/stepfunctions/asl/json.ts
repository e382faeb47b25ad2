/** JSON values as the States Language passes them between states. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A deep copy (state data never holds anything JSON cannot carry), objects without a prototype. */
export function cloneJson<T extends Json | undefined>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  const out = Object.create(null) as JsonObject;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = cloneJson((value as JsonObject)[keys[i]!]!);
  return out as T;
}

/**
 * Parses JSON into objects without a prototype chain to poison. A walk after JSON.parse, not a
 * reviver: a reviver is called for every value (measured 4-5x slower on execution inputs).
 */
export function parseJson(text: string): Json {
  return detach(JSON.parse(text) as Json);
}

function detach(value: Json): Json {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = detach(value[i]!);
    return value;
  }
  const out = Object.create(null) as JsonObject;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = detach(value[keys[i]!]!);
  return out;
}

export function jsonEquals(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEquals(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b as JsonObject);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEquals((a as JsonObject)[k], (b as JsonObject)[k]));
}

/** The UTF-8 size of a value's JSON text (AWS's 256 KiB payload limit counts this). */
export function jsonSize(value: Json | undefined): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
}
