/** EventBridge and Scheduler errors, named after AWS's codes, with AWS's messages. */
import { AwsError } from "../core/errors.js";

export const eventsErrors = {
  validation: (message: string) => new AwsError("ValidationException", message),
  invalidPattern: (reason: string) => new AwsError("InvalidEventPatternException", `Event pattern is not valid. Reason: ${reason}`),
  busNotFound: (name: string) => new AwsError("ResourceNotFoundException", `Event bus ${name} does not exist.`),
  ruleNotFound: (rule: string, bus: string) => new AwsError("ResourceNotFoundException", `Rule ${rule} does not exist on EventBus ${bus}.`),
  busExists: (name: string) => new AwsError("ResourceAlreadyExistsException", `Event bus ${name} already exists.`),
  limitExceeded: (message: string) => new AwsError("LimitExceededException", message),
  resourceNotFound: (message: string) => new AwsError("ResourceNotFoundException", message),
};

/** Scheduler (restJson1): ValidationException, ResourceNotFoundException and ConflictException carry their own statuses. */
export const schedulerErrors = {
  validation: (message: string) => new AwsError("ValidationException", message, { status: 400 }),
  notFound: (message: string) => new AwsError("ResourceNotFoundException", message, { status: 404 }),
  conflict: (message: string) => new AwsError("ConflictException", message, { status: 409 }),
};

/** AWS's aggregated constraint message: `1 validation error detected: ...`. */
export function constraintErrors(errors: string[]): AwsError {
  const n = errors.length;
  return eventsErrors.validation(`${n} validation error${n === 1 ? "" : "s"} detected: ${errors.join("; ")}`);
}
