/** JSON values as the States Language passes them between states. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A deep copy made through JSON (state data never holds anything JSON cannot carry). */
export function cloneJson<T extends Json | undefined>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Parses JSON into objects without a prototype chain to poison. */
export function parseJson(text: string): Json {
  return JSON.parse(text, (key, value: unknown) => {
    if (isObject(value) && Object.getPrototypeOf(value) === Object.prototype) {
      const out = Object.create(null) as JsonObject;
      for (const k of Object.keys(value)) out[k] = value[k];
      return out;
    }
    return value;
  }) as Json;
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
