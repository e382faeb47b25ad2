/**
 * ExpressionAttributeNames / ExpressionAttributeValues of one request: validated once, shared by
 * every expression in the request, and checked for unused entries at the end, as DynamoDB does.
 */
import { checkValue, expectObject, type AttributeValue } from "../attribute-value.js";
import { validation } from "../errors.js";

const NAME_KEY = /^#[A-Za-z0-9_]+$/;
const VALUE_KEY = /^:[A-Za-z0-9_]+$/;

export class ExpressionAttributes {
  readonly names?: Record<string, string>;
  readonly values?: Record<string, AttributeValue>;
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();

  constructor(names: unknown, values: unknown, hasExpression: boolean) {
    if (names !== undefined && names !== null) {
      const n = expectObject(names) as Record<string, string>;
      if (!hasExpression) throw validation("ExpressionAttributeNames can only be specified when using expressions");
      const keys = Object.keys(n);
      if (keys.length === 0) throw validation("ExpressionAttributeNames must not be empty");
      for (const k of keys) if (!NAME_KEY.test(k)) throw validation(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${k}"`);
      this.names = n;
    }
    if (values !== undefined && values !== null) {
      const v = expectObject(values) as Record<string, AttributeValue>;
      if (!hasExpression) throw validation("ExpressionAttributeValues can only be specified when using expressions");
      const keys = Object.keys(v);
      if (keys.length === 0) throw validation("ExpressionAttributeValues must not be empty");
      for (const k of keys) {
        if (!VALUE_KEY.test(k)) throw validation(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${k}"`);
        try {
          checkValue(v[k]);
        } catch (err) {
          if (err instanceof Error && err.name === "ValidationException") {
            throw validation(`ExpressionAttributeValues contains invalid value: ${err.message} for key ${k}`);
          }
          throw err;
        }
      }
      this.values = v;
    }
  }

  /** After every expression of the request is parsed: unused names, then unused values, are errors. */
  checkUnused(): void {
    if (this.names) {
      const unused = Object.keys(this.names).filter((k) => !this.usedNames.has(k));
      if (unused.length) throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unused.join(", ")}}`);
    }
    if (this.values) {
      const unused = Object.keys(this.values).filter((k) => !this.usedValues.has(k));
      if (unused.length) throw validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unused.join(", ")}}`);
    }
  }
}
