/** Lambda's errors, named after AWS's codes, with AWS's messages. */
import { AwsError } from "../core/errors.js";

export const lambdaErrors = {
  functionNotFound: (arn: string) => new AwsError("ResourceNotFoundException", `Function not found: ${arn}`, { status: 404 }),
  resourceNotFound: (message: string) => new AwsError("ResourceNotFoundException", message, { status: 404 }),
  conflict: (message: string) => new AwsError("ResourceConflictException", message, { status: 409 }),
  invalidParameter: (message: string) => new AwsError("InvalidParameterValueException", message, { status: 400 }),
  validation: (message: string) => new AwsError("ValidationException", message, { status: 400 }),
  preconditionFailed: (message: string) => new AwsError("PreconditionFailedException", message, { status: 412 }),
  invalidRequestContent: (message: string) => new AwsError("InvalidRequestContentException", message, { status: 400 }),
  tooLarge: (message: string) => new AwsError("RequestEntityTooLargeException", message, { status: 413 }),
  tooManyRequests: (reason: string) =>
    new AwsError("TooManyRequestsException", "Rate Exceeded.", { status: 429, fields: { Reason: reason }, headers: { "retry-after": "1" } }),
  policyLengthExceeded: () => new AwsError("PolicyLengthExceededException", "The final policy size is bigger than the limit.", { status: 400 }),
  provisionedNotFound: (message: string) => new AwsError("ProvisionedConcurrencyConfigNotFoundException", message, { status: 404 }),
};

/** `1 validation error detected: ...` as Lambda's front end words it. */
export function validationErrors(problems: string[]): AwsError {
  const n = problems.length;
  return lambdaErrors.validation(`${n} validation error${n === 1 ? "" : "s"} detected: ${problems.join("; ")}`);
}
