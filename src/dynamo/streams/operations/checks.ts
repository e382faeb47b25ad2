/** Constraint checks for the Streams API, rendering DynamoDB's aggregated `1 validation error detected: ...`. */
import { AwsError } from "../../../core/errors.js";

class StreamChecks {
  private readonly errors: string[] = [];

  private fail(path: string, value: unknown, constraint: string): this {
    const shown = value === undefined || value === null ? "null" : `'${String(value)}'`;
    this.errors.push(`Value ${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
    return this;
  }

  required(path: string, value: unknown): this {
    return value === undefined || value === null ? this.fail(path, null, "not be null") : this;
  }

  string(path: string, value: unknown, rule: { min?: number; max?: number; pattern?: string }): this {
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
    return typeof value === "string" && values.includes(value) ? this : this.fail(path, value, `satisfy enum value set: [${values.join(", ")}]`);
  }

  done(): void {
    const n = this.errors.length;
    if (n > 0) throw new AwsError("ValidationException", `${n} validation error${n === 1 ? "" : "s"} detected: ${this.errors.join("; ")}`);
  }
}

export function checks(): StreamChecks {
  return new StreamChecks();
}
