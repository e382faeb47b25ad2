/**
 * ReportBatchItemFailures for stream sources (Kinesis, DynamoDB streams): the index of the first
 * record a function's `batchItemFailures` names, or undefined for a success. As AWS reads it, an
 * empty or missing list is success and an unknown or malformed identifier fails the whole batch.
 */
export function firstReportedFailure<R>(payload: string, records: readonly R[], sequenceNumberOf: (r: R) => unknown): number | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const list = (parsed as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) return undefined;
  if (!Array.isArray(list)) return 0;
  let first: number | undefined;
  for (const item of list) {
    const id = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = records.findIndex((r) => sequenceNumberOf(r) === id);
    if (index < 0) return 0;
    first = first === undefined ? index : Math.min(first, index);
  }
  return first;
}
