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

/** DynamoDB: coral's style with the validate namespace in `__type`. */
export const dynamoValidation: ValidationStyle = {
  ...coralValidation("ValidationException", { typeName: "com.amazon.coral.validate#ValidationException" }),
  javaObjects: true,
};

/** The default when an API names a model without a style. */
export const defaultValidation = coralValidation();
