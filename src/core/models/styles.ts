/** The validation styles of AWS's services (see ValidationStyle). */
import { AwsError, commonErrors, type AwsErrorOptions } from "../errors.js";
import type { ValidationStyle } from "./types.js";

/** `N validation error(s) detected: a; b` — coral's aggregated form. */
export function validationMessage(violations: string[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${violations.join("; ")}`;
}

/**
 * Coral's style (DynamoDB, Lambda, Logs, Kinesis, Step Functions, Cognito, EventBridge, ...):
 * the aggregated message under `code` (ValidationException by default; Logs and Cognito say
 * InvalidParameterException), and SerializationException for a wrong JSON type.
 */
export function coralValidation(code = "ValidationException", options: AwsErrorOptions = {}): ValidationStyle {
  return {
    constraints: (violations) => new AwsError(code, validationMessage(violations), options),
    wrongType: (message) => commonErrors.serialization(message),
  };
}

/**
 * Java's default toString of a coral model object: `<namespace>.<Shape>@<identity hash>`. The
 * hash here is a stable digest of the value (Java's is an address; nobody can rely on it).
 */
export function javaObjectText(namespace: string): (shape: string, value: unknown) => string {
  return (shape, value) => `${namespace}.${shape}@${identityHash(JSON.stringify(value) ?? "")}`;
}

function identityHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

/** DynamoDB: coral's style with the validate namespace in `__type`. */
export const dynamoValidation: ValidationStyle = {
  ...coralValidation("ValidationException", { typeName: "com.amazon.coral.validate#ValidationException" }),
  structureText: javaObjectText("com.amazonaws.dynamodb.v20120810"),
};

/** The default when an API names a model without a style. */
export const defaultValidation = coralValidation();
