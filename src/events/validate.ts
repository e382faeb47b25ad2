/** Constraint checks rendering AWS's aggregated `1 validation error detected: ...` messages. */
import { AwsError } from "../core/errors.js";
import { constraintErrors } from "./errors.js";

interface StringRule {
  min?: number;
  max?: number;
  pattern?: string;
}

export class Checks {
  private readonly errors: string[] = [];

  constructor(private readonly make: (errors: string[]) => AwsError = constraintErrors) {}

  private fail(path: string, value: unknown, constraint: string): this {
    const shown = value === null || value === undefined ? "null" : `'${typeof value === "string" ? value : JSON.stringify(value)}'`;
    this.errors.push(`Value ${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
    return this;
  }

  required(path: string, value: unknown): this {
    if (value === undefined || value === null) this.fail(path, null, "not be null");
    return this;
  }

  string(path: string, value: unknown, rule: StringRule): this {
    if (value === undefined || value === null) return this;
    if (typeof value !== "string") return this.fail(path, value, "be a string");
    if (rule.max !== undefined && value.length > rule.max) this.fail(path, value, `have length less than or equal to ${rule.max}`);
    if (rule.min !== undefined && value.length < rule.min) this.fail(path, value, `have length greater than or equal to ${rule.min}`);
    if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value)) this.fail(path, value, `satisfy regular expression pattern: ${rule.pattern}`);
    return this;
  }

  int(path: string, value: unknown, min: number, max: number): this {
    if (value === undefined || value === null) return this;
    if (typeof value !== "number" || !Number.isInteger(value)) return this.fail(path, value, "be an integer");
    if (value > max) this.fail(path, value, `have value less than or equal to ${max}`);
    if (value < min) this.fail(path, value, `have value greater than or equal to ${min}`);
    return this;
  }

  oneOf(path: string, value: unknown, values: readonly string[]): this {
    if (value === undefined || value === null) return this;
    if (typeof value !== "string" || !values.includes(value)) this.fail(path, value, `satisfy enum value set: [${values.join(", ")}]`);
    return this;
  }

  list(path: string, value: unknown, min: number, max: number): this {
    if (value === undefined || value === null) return this;
    if (!Array.isArray(value)) return this.fail(path, value, "be a list");
    const shown = `[${value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ")}]`;
    if (value.length > max) this.fail(path, shown, `have length less than or equal to ${max}`);
    if (value.length < min) this.fail(path, shown, `have length greater than or equal to ${min}`);
    return this;
  }

  done(): void {
    if (this.errors.length > 0) throw this.make(this.errors);
  }
}

export const NAME_PATTERN = "[\\.\\-_A-Za-z0-9]+";
export const BUS_NAME_PATTERN = "[/\\.\\-_A-Za-z0-9]+";
export const BUS_OR_ARN_PATTERN = "(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+";
