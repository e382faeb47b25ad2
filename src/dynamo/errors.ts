/** DynamoDB's errors, named after their AWS codes. Messages are DynamoDB's, word for word. */
import { AwsError } from "../core/errors.js";

const VALIDATE = "com.amazon.coral.validate#ValidationException";

export function validation(message: string): AwsError {
  return new AwsError("ValidationException", message, { typeName: VALIDATE });
}

/** `N validation error(s) detected: a; b` — the aggregated constraint form. */
export function constraintErrors(errors: string[]): AwsError {
  const n = errors.length;
  return validation(`${n} validation error${n === 1 ? "" : "s"} detected: ${errors.join("; ")}`);
}

export function invalidParameter(detail: string): AwsError {
  return validation(`One or more parameter values were invalid: ${detail}`);
}

export function resourceNotFound(message = "Requested resource not found"): AwsError {
  return new AwsError("ResourceNotFoundException", message);
}

export function tableNotFound(name: string): AwsError {
  return resourceNotFound(`Requested resource not found: Table: ${name} not found`);
}

export function resourceInUse(message: string): AwsError {
  return new AwsError("ResourceInUseException", message);
}

export function conditionalCheckFailed(item?: Record<string, unknown>): AwsError {
  return new AwsError("ConditionalCheckFailedException", "The conditional request failed", { fields: item ? { Item: item } : {} });
}

export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Record<string, unknown>;
}

export function transactionCanceled(reasons: CancellationReason[]): AwsError {
  return new AwsError(
    "TransactionCanceledException",
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
    { fields: { CancellationReasons: reasons } },
  );
}

export function idempotentParameterMismatch(): AwsError {
  return new AwsError("IdempotentParameterMismatchException", "Request token already used with a different payload");
}

export function transactionConflict(message: string): AwsError {
  return new AwsError("TransactionConflictException", message);
}

export function transactionInProgress(): AwsError {
  return new AwsError("TransactionInProgressException", "The transaction with the given request token is already in progress.");
}

export function serialization(message: string): AwsError {
  return new AwsError("SerializationException", message, { typeName: "com.amazon.coral.service#SerializationException" });
}

export function throughputExceeded(): AwsError {
  return new AwsError(
    "ProvisionedThroughputExceededException",
    "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
  );
}

export function limitExceeded(message: string): AwsError {
  return new AwsError("LimitExceededException", message);
}

/** AWS documents the exception but not its message; this one names the limit. */
export function itemCollectionSizeLimitExceeded(limitBytes: number): AwsError {
  return new AwsError("ItemCollectionSizeLimitExceededException", `Item collection size limit exceeded: an item collection cannot be larger than ${formatBytes(limitBytes)}`);
}

function formatBytes(n: number): string {
  if (n % 1024 ** 3 === 0) return `${n / 1024 ** 3} GB`;
  if (n % 1024 ** 2 === 0) return `${n / 1024 ** 2} MB`;
  return `${n} bytes`;
}
