/** Request-level constraint checks rendering DynamoDB's aggregated validation messages. */
import { describeJson } from "./attribute-value.js";
import { constraintErrors, serialization } from "./errors.js";

/** A member of the wrong JSON type is a SerializationException, as DynamoDB's deserializer reports it. */
export function wrongType(value: unknown, expected: "String" | "Integer" | "Boolean" | "List" | "Map"): Error {
  if (value !== null && typeof value === "object") {
    return serialization(Array.isArray(value) ? "Start of list found where not expected" : "Start of structure or map found where not expected.");
  }
  return serialization(`${describeJson(value)} cannot be converted to ${expected}`);
}

/** A list member: absent, or an array of non-null entries. */
export function listOf<T>(value: unknown, member: string): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(value, "List");
  value.forEach((e, i) => {
    if (e === null || typeof e !== "object") throw constraintErrors([`Value null at '${member}.${i + 1}.member' failed to satisfy constraint: Member must not be null`]);
  });
  return value as T[];
}

const NAME_CHAR = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") NAME_CHAR[c.charCodeAt(0)] = 1;

/** `[a-zA-Z0-9_.-]+`, by a loop (checked on every request that names a table). */
function isTableNameText(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (NAME_CHAR[s.charCodeAt(i)] !== 1) return false;
  return true;
}

export class Constraints {
  readonly errors: string[] = [];

  private value(v: unknown): string {
    return v === undefined || v === null ? "null" : `'${typeof v === "object" ? JSON.stringify(v) : String(v)}'`;
  }

  add(value: unknown, member: string, constraint: string): void {
    this.errors.push(`Value ${this.value(value)} at '${member}' failed to satisfy constraint: ${constraint}`);
  }

  required(value: unknown, member: string): boolean {
    if (value === undefined || value === null) {
      this.add(value, member, "Member must not be null");
      return false;
    }
    return true;
  }

  tableName(value: unknown, member = "tableName", required = true): void {
    if (value === undefined || value === null) {
      if (required) this.add(value, member, "Member must not be null");
      return;
    }
    if (typeof value !== "string") throw wrongType(value, "String");
    const s = value;
    if (s.startsWith("arn:")) return;
    if (s.length < 3) this.add(s, member, "Member must have length greater than or equal to 3");
    if (s.length > 255) this.add(s, member, "Member must have length less than or equal to 255");
    if (!isTableNameText(s)) this.add(s, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }

  oneOf(value: unknown, member: string, allowed: string[]): void {
    if (value !== undefined && value !== null && !allowed.includes(String(value))) {
      this.add(value, member, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
    }
  }

  range(value: unknown, member: string, min: number, max?: number): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "number") throw wrongType(value, "Integer");
    if (value < min) this.add(value, member, `Member must have value greater than or equal to ${min}`);
    if (max !== undefined && value > max) this.add(value, member, `Member must have value less than or equal to ${max}`);
  }

  throwIfAny(): void {
    if (this.errors.length) throw constraintErrors(this.errors);
  }
}
