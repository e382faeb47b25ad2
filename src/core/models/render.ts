/** Values and constraint texts as AWS's (Java) validators print them. */

/** `'abc'`, `'[a, b]'`, `'{k=v}'`, or `null` (unquoted), as in `Value '<v>' at '<path>'`. */
export function quotedValue(value: unknown): string {
  return value === undefined || value === null ? "null" : `'${renderValue(value)}'`;
}

/** Java's toString: lists `[a, b]`, maps and structures `{k=v, k2=v2}`, blobs base64. */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(renderValue).join(", ")}]`;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (value instanceof Date) return value.toISOString();
  const parts: string[] = [];
  for (const k in value) parts.push(`${k}=${renderValue((value as Record<string, unknown>)[k])}`);
  return `{${parts.join(", ")}}`;
}

/** A bound as Java prints it: doubles keep their `.0`. */
export function renderBound(n: number, floating: boolean): string {
  return floating && Number.isInteger(n) ? `${n}.0` : String(n);
}

/** `requestItems` from `RequestItems` (AWS reports member paths with a lower-case first letter). */
export function lowerFirst(name: string): string {
  return name.length > 0 ? name[0]!.toLowerCase() + name.slice(1) : name;
}

/** The JSON token name coral's deserializer reports for a value of the wrong type. */
export function jsonToken(v: unknown): string {
  if (v === null) return "NULL_VALUE";
  if (typeof v === "number") return Number.isInteger(v) ? "NUMBER_VALUE" : "DECIMAL_VALUE";
  if (typeof v === "boolean") return v ? "TRUE_VALUE" : "FALSE_VALUE";
  if (typeof v === "string") return "STRING_VALUE";
  return Array.isArray(v) ? "START_ARRAY" : "START_OBJECT";
}
