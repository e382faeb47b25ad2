/**
 * JSONPath as the States Language uses it. Reference paths (ResultPath, the `Variable` of a
 * Choice rule, ...) are hand-parsed: `$`, `.name`, `['name']`, `[index]` only. Other paths go to
 * jsonpath-plus (Jayway-like for what AWS supports); a definite path yields one value or fails,
 * an indefinite one (wildcards, slices, filters, unions, `..`) always yields an array.
 */
import { JSONPath } from "jsonpath-plus";
import { isObject, type Json, type JsonObject } from "./json.js";

export type Segment = string | number;

const NAME_CHAR = /[^.[\]\s'"(),:*?@$=<>!]/u;

/** Parses a reference path into segments, or undefined when it is not one. */
export function parseReferencePath(path: string): Segment[] | undefined {
  if (!path.startsWith("$")) return undefined;
  const segments: Segment[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      let j = i + 1;
      while (j < path.length && NAME_CHAR.test(path[j]!)) j++;
      if (j === i + 1) return undefined;
      segments.push(path.slice(i + 1, j));
      i = j;
    } else if (c === "[") {
      const close = path.indexOf("]", i);
      if (close < 0) return undefined;
      const inner = path.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (/^'[^']*'$/.test(inner) || /^"[^"]*"$/.test(inner)) segments.push(inner.slice(1, -1));
      else return undefined;
      i = close + 1;
    } else return undefined;
  }
  return segments;
}

export function isReferencePath(path: string): boolean {
  return parseReferencePath(path) !== undefined;
}

/** Whether jsonpath-plus can parse `path` as a JSONPath. */
export function isValidPath(path: string): boolean {
  if (!path.startsWith("$")) return false;
  if (isReferencePath(path)) return true;
  if (/\[\s*\]|\.\.\.|\.$|\[[^\]]*$/.test(path)) return false;
  try {
    JSONPath({ path, json: {}, wrap: true, eval: "safe" });
    return true;
  } catch {
    return false;
  }
}

/** `$['a'][0]` — how AWS prints a path in its error texts. */
export function canonicalPath(segments: Segment[]): string {
  return "$" + segments.map((s) => (typeof s === "number" ? `[${s}]` : `['${s}']`)).join("");
}

const cache = new Map<string, Segment[] | null>();
function referenceSegments(path: string): Segment[] | undefined {
  let segments = cache.get(path);
  if (segments === undefined) {
    segments = parseReferencePath(path) ?? null;
    if (cache.size < 10_000) cache.set(path, segments);
  }
  return segments ?? undefined;
}

export type PathResult = { found: true; value: Json } | { found: false; missing: string };

/** Evaluates a path against `data`. */
export function evaluatePath(path: string, data: Json): PathResult {
  const segments = referenceSegments(path);
  if (segments) {
    let current: Json | undefined = data;
    for (const segment of segments) {
      if (typeof segment === "number" && Array.isArray(current)) current = current[segment];
      else if (typeof segment === "string" && isObject(current) && Object.prototype.hasOwnProperty.call(current, segment)) current = current[segment];
      else current = undefined;
      if (current === undefined) return { found: false, missing: canonicalPath(segments) };
    }
    return { found: true, value: current };
  }
  let results: unknown;
  try {
    results = JSONPath({ path, json: data as object, wrap: true, eval: "safe" });
  } catch {
    return { found: false, missing: path };
  }
  return { found: true, value: (results ?? []) as Json[] };
}

/** Writes `value` at a reference path inside `target` (ResultPath), creating objects on the way. */
export function applyReferencePath(target: Json, path: string, value: Json): Json {
  const segments = referenceSegments(path);
  if (!segments) throw new Error(`Invalid ResultPath '${path}'`);
  if (segments.length === 0) return value;
  const root: Json = isObject(target) ? { ...target } : Array.isArray(target) ? [...target] : (Object.create(null) as JsonObject);
  if (!isObject(root) && !Array.isArray(root)) throw new Error("not a container");
  let current: JsonObject | Json[] = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (Array.isArray(current)) {
      if (typeof segment !== "number" || segment >= current.length) throw new ResultPathError(path);
      if (last) current[segment] = value;
      else current = current[segment] = copyContainer(current[segment], path);
    } else {
      if (typeof segment !== "string") throw new ResultPathError(path);
      if (last) current[segment] = value;
      else current = current[segment] = copyContainer(current[segment], path);
    }
  }
  return root;
}

function copyContainer(value: Json | undefined, path: string): JsonObject | Json[] {
  if (value === undefined) return Object.create(null) as JsonObject;
  if (isObject(value)) return { ...value };
  if (Array.isArray(value)) return [...value];
  throw new ResultPathError(path);
}

export class ResultPathError extends Error {
  constructor(readonly path: string) {
    super(`Unable to apply ResultPath '${path}'`);
  }
}
