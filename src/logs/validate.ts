/**
 * Input constraints as the API model states them, reported the way CloudWatch Logs reports them:
 * one InvalidParameterException listing every violation ("2 validation errors detected: Value ''
 * at 'logGroupNamePrefix' failed to satisfy constraint: ...; ..."). Patterns print without the
 * model's ^...$ anchors, as AWS prints them.
 */
import { commonErrors } from "../core/errors.js";
import { logsErrors } from "./errors.js";

export const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
export const LOG_GROUP_NAME_PATTERN_TEXT = "[\\.\\-_/#A-Za-z0-9]+";
export const LOG_STREAM_NAME = /^[^:*]*$/;
export const LOG_STREAM_NAME_PATTERN_TEXT = "[^:*]*";

type Kind = "string" | "number" | "boolean" | "list" | "map";

/** Collects violations in input order; `done()` throws them as one error. */
export class Checker {
  private violations: string[] = [];

  private readonly input: Record<string, unknown>;
  constructor(input: object) {
    this.input = input as Record<string, unknown>;
  }

  /** Wrong JSON types are SerializationExceptions before any constraint is checked. */
  type(member: string, kind: Kind, value: unknown = this.input[member]): this {
    if (value === undefined || value === null) return this;
    const ok =
      kind === "list" ? Array.isArray(value) : kind === "map" ? typeof value === "object" && !Array.isArray(value) : typeof value === kind;
    if (!ok) throw commonErrors.serialization(`Unexpected value type for '${member}': expected ${kind}.`);
    return this;
  }

  required(member: string, value: unknown = this.input[member]): this {
    if (value === undefined || value === null) this.violations.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
    return this;
  }

  length(member: string, min: number, max: number | undefined, value: unknown = this.input[member]): this {
    if (value === undefined || value === null) return this;
    const n = typeof value === "string" ? [...value].length : Array.isArray(value) ? value.length : Object.keys(value as object).length;
    if (n < min) this.fail(member, value, `Member must have length greater than or equal to ${min}`);
    if (max !== undefined && n > max) this.fail(member, value, `Member must have length less than or equal to ${max}`);
    return this;
  }

  pattern(member: string, regex: RegExp, text: string, value: unknown = this.input[member]): this {
    if (typeof value === "string" && !regex.test(value)) this.fail(member, value, `Member must satisfy regular expression pattern: ${text}`);
    return this;
  }

  range(member: string, min: number, max: number | undefined, value: unknown = this.input[member]): this {
    if (typeof value !== "number") return this;
    if (value < min) this.fail(member, value, `Member must have value greater than or equal to ${min}`);
    if (max !== undefined && value > max) this.fail(member, value, `Member must have value less than or equal to ${max}`);
    return this;
  }

  oneOf(member: string, allowed: readonly (string | number)[], value: unknown = this.input[member]): this {
    if (value !== undefined && value !== null && !allowed.includes(value as string | number)) {
      this.fail(member, value, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
    }
    return this;
  }

  fail(member: string, value: unknown, constraint: string): this {
    this.violations.push(`Value '${render(value)}' at '${member}' failed to satisfy constraint: ${constraint}`);
    return this;
  }

  done(): void {
    const n = this.violations.length;
    if (n === 0) return;
    throw logsErrors.invalidParameter(`${n} validation error${n === 1 ? "" : "s"} detected: ${this.violations.join("; ")}`);
  }
}

function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${render(v)}`).join(", ")}}`;
  }
  return String(value);
}

/**
 * An operation's input once validated: the members the model requires are present. (The SDK's
 * types mark every member optional.)
 */
export type Needs<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };

export function check(input: object): Checker {
  return new Checker(input);
}

/** logGroupName as most operations constrain it (required). */
export function checkGroupName(c: Checker, member = "logGroupName", required = true): Checker {
  if (required) c.required(member);
  return c.type(member, "string").length(member, 1, 512).pattern(member, LOG_GROUP_NAME, LOG_GROUP_NAME_PATTERN_TEXT);
}

export function checkStreamName(c: Checker, member = "logStreamName", required = true): Checker {
  if (required) c.required(member);
  return c.type(member, "string").length(member, 1, 512).pattern(member, LOG_STREAM_NAME, LOG_STREAM_NAME_PATTERN_TEXT);
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A tags map (1..50 entries), keys 1..128 and values 0..256 characters from AWS's tag alphabet. */
export function checkTags(c: Checker, member: string, tags: unknown): Checker {
  c.type(member, "map", tags).length(member, 1, 50, tags);
  if (tags && typeof tags === "object") {
    for (const [k, v] of Object.entries(tags as Record<string, unknown>)) {
      c.type(`${member}.${k}`, "string", v);
      c.length(`${member}.key`, 1, 128, k).pattern(`${member}.key`, TAG_KEY, "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$", k);
      c.length(`${member}.${k}.member`, 0, 256, v).pattern(`${member}.${k}.member`, TAG_VALUE, "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", v);
    }
  }
  return c;
}
