/** Wildcards (`*`, `?`) and policy variables (`${aws:username}`, `${key, 'default'}`, `${*}`). */

const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 4096;

/** Whether `value` matches `pattern` with `*` and `?` wildcards. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === value) return true;
  if (!pattern.includes("*") && !pattern.includes("?")) return ignoreCase && pattern.length === value.length && pattern.toLowerCase() === value.toLowerCase();
  const key = (ignoreCase ? "i" : "s") + pattern;
  let re = compiled.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
    re = new RegExp(`^${body}$`, ignoreCase ? "i" : "");
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, re);
  }
  return re.test(value);
}

export type ContextValue = string | string[];
export type RequestContextKeys = Record<string, ContextValue | undefined>;

/** The context value of a key (condition keys are case-insensitive). */
export function contextValue(context: RequestContextKeys, key: string): ContextValue | undefined {
  const direct = context[key];
  if (direct !== undefined) return direct;
  const lower = key.toLowerCase();
  // for...in: a context may inherit keys from a shared base (core/auth layers the request's keys on the session's).
  for (const k in context) if (k.toLowerCase() === lower) return context[k];
  return undefined;
}

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * Substitutes policy variables; undefined when one has no value and no default (the value then
 * matches nothing, as on AWS). `${*}`, `${?}`, `${$}` stand for the literal characters.
 */
export function substitute(text: string, context: RequestContextKeys): string | undefined {
  if (!text.includes("${")) return text;
  let missing = false;
  const out = text.replace(VARIABLE, (_m, inner: string) => {
    if (inner === "*" || inner === "?" || inner === "$") return inner;
    const comma = inner.indexOf(",");
    const key = (comma < 0 ? inner : inner.slice(0, comma)).trim();
    const fallback = comma < 0 ? undefined : /^\s*'(.*)'\s*$/.exec(inner.slice(comma + 1))?.[1];
    const value = contextValue(context, key);
    if (typeof value === "string") return value;
    if (fallback !== undefined) return fallback;
    missing = true;
    return "";
  });
  return missing ? undefined : out;
}
