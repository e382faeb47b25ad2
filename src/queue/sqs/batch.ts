/** The checks every SQS batch operation makes on its entries (AWS's errors and messages), and its failed entries. */
import { isAwsError, type AwsError } from "../../core/errors.js";
import { sqsErrors } from "../errors.js";

export function checkBatch<E extends { Id?: unknown }>(entries: E[] | undefined, entryName: string): (E & { Id: string })[] {
  if (!Array.isArray(entries) || entries.length === 0) throw sqsErrors.emptyBatchRequest(entryName);
  if (entries.length > 10) throw sqsErrors.tooManyEntries(entries.length);
  const seen = new Set<string>();
  for (const e of entries) {
    const id = e?.Id;
    if (typeof id !== "string" || !/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw sqsErrors.invalidBatchEntryId();
    if (seen.has(id)) throw sqsErrors.idsNotDistinct(id);
    seen.add(id);
  }
  return entries as (E & { Id: string })[];
}

export interface BatchError {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

/** A failed entry of a batch answer (an error that is not AWS's is rethrown). */
export function batchError(id: string, err: unknown): BatchError {
  if (!isAwsError(err)) throw err;
  const e = err as AwsError;
  return { Id: id, SenderFault: e.fault === "client", Code: e.code, Message: e.message };
}
