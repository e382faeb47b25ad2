/**
 * Objects built from request data with no `Object.prototype` in their chain: `__proto__`,
 * `constructor` and `prototype` are plain keys there, and a key the client did not send reads as
 * undefined. (`Object.create(null)` would do the same but puts V8 objects in dictionary mode; a
 * constructor whose prototype is an empty null-prototype object keeps them as fast as `{}`.)
 */
const EMPTY: object = Object.freeze(Object.create(null) as object);

const Bare = function Bare(this: object) {} as unknown as new () => Record<string, never>;
Bare.prototype = EMPTY as Record<string, never>;

/** A new object without `Object.prototype`. */
export function bareObject<T = unknown>(): Record<string, T> {
  return new Bare() as Record<string, T>;
}

/** True for keys that name something on `Object.prototype` (or reach it) in an ordinary object. */
export function isPrototypeKey(key: string): boolean {
  return key === "__proto__" || key === "constructor" || key === "prototype";
}

/** Matches JSON text that has a key an ordinary object would treat specially. */
const RISKY_JSON_KEY = /"(?:__proto__|constructor|prototype)"\s*:/;

const NULL_MEMBER = /:\s*null\b/;

/**
 * A parsed JSON request body made safe to hand to handlers: its objects have no `Object.prototype`
 * when its text has a risky key (the usual body has none and is returned as parsed: a deep copy of
 * every body would cost a request), and a top-level member that is JSON `null` is absent, as AWS's
 * deserializers read it (a handler never sees `"TableName": null` as a value).
 */
export function safeJson(value: unknown, text: string): unknown {
  const safe = RISKY_JSON_KEY.test(text) ? toBare(value, 0) : value;
  if (safe !== null && typeof safe === "object" && !Array.isArray(safe) && text.includes("null") && NULL_MEMBER.test(text)) {
    const members = safe as Record<string, unknown>;
    for (const key of Object.keys(members)) if (members[key] === null) delete members[key];
  }
  return safe;
}

function toBare(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object" || depth > 256) return value;
  if (Array.isArray(value)) return value.map((v) => toBare(v, depth + 1));
  const out = bareObject();
  for (const key of Object.keys(value)) out[key] = toBare((value as Record<string, unknown>)[key], depth + 1);
  return out;
}
