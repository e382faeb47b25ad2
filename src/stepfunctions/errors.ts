/** Step Functions API errors, named after AWS's codes, with AWS's texts. All are HTTP 400. */
import { AwsError } from "../core/errors.js";

const e = (code: string, message: string): AwsError => new AwsError(code, message);

export const sfnErrors = {
  machineNotFound: (arn: string) => e("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`),
  machineExists: (arn: string) => e("StateMachineAlreadyExists", `State Machine Already Exists: '${arn}'`),
  machineDeleting: (arn: string) => e("StateMachineDeleting", `State Machine is being deleted: '${arn}'`),
  executionNotFound: (arn: string) => e("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`),
  executionExists: (arn: string) => e("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`),
  activityNotFound: (arn: string) => e("ActivityDoesNotExist", `Activity Does Not Exist: '${arn}'`),
  invalidArn: (arn: string, why?: string) => e("InvalidArn", why ? `Invalid Arn: '${why}'` : `Invalid Arn: 'Invalid ARN prefix: ${arn}'`),
  invalidName: (name: string) => e("InvalidName", `Invalid Name: '${name}'`),
  invalidDefinition: (message: string) => e("InvalidDefinition", message),
  invalidExecutionInput: (why: string) => e("InvalidExecutionInput", `Invalid State Machine Execution Input: '${why}'`),
  invalidOutput: (why: string) => e("InvalidOutput", `Invalid Output: '${why}'`),
  invalidToken: (why: string) => e("InvalidToken", `Invalid Token: '${why}'`),
  taskGone: () => e("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'"),
  typeNotSupported: (message: string) => e("StateMachineTypeNotSupported", message),
  resourceNotFound: (arn: string) => e("ResourceNotFound", `Resource not found: '${arn}'`),
  tooManyTags: (arn: string) => new AwsError("TooManyTags", "Too many tags", { fields: { resourceName: arn } }),
  invalidLoggingConfiguration: (message: string) => e("InvalidLoggingConfiguration", message),
  conflict: (message: string) => e("ConflictException", message),
  validation: (message: string, reason?: string) => new AwsError("ValidationException", message, reason ? { fields: { reason } } : {}),
  notRedrivable: (arn: string, why: string) => e("ExecutionNotRedrivable", `Execution is not redrivable: '${arn}'. ${why}`),
  missingParameter: (name: string) => e("MissingRequiredParameter", `Missing required parameter: '${name}'`),
};

/** AWS's model constraint message for one member. */
export function constraint(member: string, value: unknown, rule: string): AwsError {
  return sfnErrors.validation(`1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${rule}`);
}
