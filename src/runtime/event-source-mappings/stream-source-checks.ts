/**
 * The checks a mapping on a stream source (a Kinesis data stream or a DynamoDB stream) shares:
 * the batch-failure settings' ranges and the starting position, in Lambda's words. Each source
 * then adds its own (AT_TIMESTAMP is Kinesis-only, batch size limits differ).
 */
import { lambdaErrors, validationErrors } from "../errors.js";
import type { MappingConfig } from "./model.js";

export function checkStreamSourceSettings(c: MappingConfig): void {
  const problems: string[] = [];
  const range = (name: string, value: number | undefined, min: number, max: number): void => {
    if (value === undefined) return;
    if (value < min || value > max) problems.push(`Value '${value}' at '${name}' failed to satisfy constraint: Member must have value ${value < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`}`);
  };
  range("maximumRetryAttempts", c.MaximumRetryAttempts, -1, 10000);
  range("maximumRecordAgeInSeconds", c.MaximumRecordAgeInSeconds, -1, 604800);
  range("parallelizationFactor", c.ParallelizationFactor, 1, 10);
  range("tumblingWindowInSeconds", c.TumblingWindowInSeconds, 0, 900);
  if (c.StartingPosition !== undefined && !["TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"].includes(c.StartingPosition)) {
    problems.push(`Value '${c.StartingPosition}' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, AT_TIMESTAMP, LATEST]`);
  }
  if (problems.length > 0) throw validationErrors(problems);
  if (!c.StartingPosition) throw lambdaErrors.invalidParameter("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null");
}

/** MaximumRecordAgeInSeconds is -1 (forever) or at least a minute. */
export function checkMaximumRecordAge(c: MappingConfig): void {
  if (c.MaximumRecordAgeInSeconds !== undefined && c.MaximumRecordAgeInSeconds >= 0 && c.MaximumRecordAgeInSeconds < 60) {
    throw lambdaErrors.invalidParameter("MaximumRecordAgeInSeconds must be -1 or at least 60.");
  }
}
