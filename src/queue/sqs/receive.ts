/**
 * Receiving: visible messages become in flight for the visibility timeout with a fresh receipt
 * handle; FIFO groups are served in order and blocked while in flight; a message received more
 * than maxReceiveCount times moves to the dead-letter queue instead.
 */
import { randomUUID } from "node:crypto";
import { wakeReceivers, type QueueState } from "../state.js";
import type { LeanMessageRow, MessageRow } from "../store.js";
import type { MessageAttribute, Queue, ReceivedMessage, SystemAttributes } from "./model.js";
import { md5OfAttributes } from "./md5.js";
import { findQueue, queueForArn } from "./queues.js";
import { announce } from "./send.js";

export interface ReceiveOptions {
  maxMessages: number;
  visibilityTimeout?: number;
  /** Reads only the columns a receive without attribute names returns (see toReceived). */
  lean?: boolean;
}

/** A received row: complete unless it was read lean. */
export type ReceivedRow = LeanMessageRow & Partial<MessageRow>;

export const SYSTEM_ATTRIBUTE_NAMES = [
  "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "SentTimestamp", "SenderId", "MessageGroupId",
  "MessageDeduplicationId", "SequenceNumber", "AWSTraceHeader", "DeadLetterQueueSourceArn",
];

export function receiptHandle(queueId: number, seq: number, token: string): string {
  return Buffer.from(`${queueId}:${seq}:${token}`).toString("base64");
}

export function parseReceiptHandle(handle: string): { queueId: number; seq: number; token: string } | undefined {
  const m = /^(\d+):(\d+):([0-9a-f-]{36})$/.exec(Buffer.from(handle, "base64").toString("latin1"));
  return m ? { queueId: Number(m[1]), seq: Number(m[2]), token: m[3]! } : undefined;
}

/**
 * Drops messages past the retention period (at most once a second per queue, and only when the
 * oldest message can have expired: sent_at has no index, so the DELETE scans the queue).
 */
export function enforceRetention(state: QueueState, queue: Queue, now: number): void {
  const last = state.lastSweep.get(queue.id);
  if (last !== undefined && now - last < 1000 && now >= last) return;
  state.lastSweep.set(queue.id, now);
  const cutoff = now - queue.retentionSeconds * 1000;
  let oldest = state.oldestSent.get(queue.id);
  if (oldest === undefined) {
    oldest = state.sql.oldestSentAt.get(queue.id)?.t ?? Infinity;
    state.oldestSent.set(queue.id, oldest);
  }
  if (oldest > cutoff) return;
  state.sql.deleteSentBefore.run(queue.id, cutoff);
  state.oldestSent.delete(queue.id);
}

function deadLetterQueue(state: QueueState, queue: Queue): Queue | undefined {
  if (!queue.redrive) return undefined;
  const dlq = queueForArn(state, queue.redrive.deadLetterTargetArn);
  return dlq && dlq.id !== queue.id ? dlq : undefined;
}

/** visibleMessagesLean as objects built here with one shape (measured: cheaper than the binding's rows). */
function leanRows(state: QueueState, queueId: number, now: number, limit: number): ReceivedRow[] {
  return state.sql.visibleMessagesLean.rawRows(queueId, now, limit).map((r) => ({
    seq: r[0] as number,
    message_id: r[1] as string,
    body: r[2] as string,
    md5_body: r[3] as string,
    receive_count: r[4] as number,
  }));
}

/** Picks up to `max` receivable rows; rows due for the DLQ are moved there on the way (into `moved`). */
function pick(state: QueueState, queue: Queue, now: number, max: number, dlq: Queue | undefined, moved: ReceivedRow[], lean: boolean): ReceivedRow[] {
  const take: ReceivedRow[] = [];
  const tooMany = (row: ReceivedRow): boolean => {
    if (dlq === undefined || row.receive_count < queue.redrive!.maxReceiveCount) return false;
    moveToDeadLetter(state, queue, dlq, row, now);
    moved.push(row);
    return true;
  };
  if (!queue.fifo) {
    for (;;) {
      const before = moved.length;
      const rows: ReceivedRow[] = lean ? leanRows(state, queue.id, now, max - take.length) : state.sql.visibleMessages.all(queue.id, now, max - take.length);
      for (const row of rows) if (!tooMany(row)) take.push(row);
      // Moved rows freed the window: look again past them.
      if (take.length >= max || rows.length === 0 || moved.length === before) return take;
    }
  }
  const blocked = new Set(state.sql.inFlightGroups.all(queue.id, now).map((r) => r.group_id));
  let after = 0;
  for (;;) {
    const rows = state.sql.messagesInOrder.all(queue.id, after, 200);
    for (const row of rows) {
      after = row.seq;
      const group = row.group_id ?? "";
      if (blocked.has(group)) continue;
      if (row.visible_at > now) {
        blocked.add(group);
        continue;
      }
      if (tooMany(row)) continue;
      take.push(row);
      if (take.length >= max) return take;
    }
    if (rows.length < 200) return take;
  }
}

function moveToDeadLetter(state: QueueState, queue: Queue, dlq: Queue, row: ReceivedRow, now: number): void {
  const sys = JSON.parse(row.sys ?? state.sql.messageSys.get(row.seq)!.sys) as SystemAttributes;
  sys.DeadLetterQueueSourceArn = queue.arn;
  state.sql.moveMessage.run(dlq.id, now, JSON.stringify(sys), row.seq);
  state.oldestSent.delete(dlq.id);
}

/** Receives without waiting. Rows are committed as in flight before this returns. */
export function receiveNow(state: QueueState, queue: Queue, options: ReceiveOptions): ReceivedRow[] {
  const { env } = state;
  const now = env.clock.now();
  const visibility = (options.visibilityTimeout ?? queue.visibilityTimeout) * 1000;
  const dlq = deadLetterQueue(state, queue);
  const moved: ReceivedRow[] = [];
  const taken = env.store.txn(() => {
    enforceRetention(state, queue, now);
    const take = pick(state, queue, now, options.maxMessages, dlq, moved, options.lean === true);
    if (take.length === 0) return take;
    // One token per receive: handles stay unique because they carry each row's seq.
    const token = randomUUID();
    state.markReceived.get(take.length).run(now + visibility, now, token, ...take.map((r) => r.seq));
    for (const row of take) {
      row.receipt = token;
      row.visible_at = now + visibility;
      row.receive_count += 1;
      row.first_receive_at ??= now;
    }
    return take;
  });
  if (moved.length > 0 && dlq) announce(state, dlq, moved.map((r) => r.message_id));
  return taken;
}

function wanted(names: string[] | undefined, name: string): boolean {
  return names !== undefined && (names.includes("All") || names.includes(".*") || names.includes(name));
}

/** The system attributes of a received row, as SQS names them. */
export function systemAttributes(row: MessageRow, names: string[] | undefined): Record<string, string> | undefined {
  if (!names || names.length === 0) return undefined;
  const sys = JSON.parse(row.sys) as SystemAttributes;
  const all: Record<string, string | undefined> = {
    SenderId: sys.SenderId,
    ApproximateFirstReceiveTimestamp: row.first_receive_at === null ? undefined : String(row.first_receive_at),
    ApproximateReceiveCount: String(row.receive_count),
    SentTimestamp: String(row.sent_at),
    AWSTraceHeader: sys.AWSTraceHeader,
    MessageGroupId: sys.MessageGroupId,
    MessageDeduplicationId: sys.MessageDeduplicationId,
    SequenceNumber: sys.SequenceNumber,
    DeadLetterQueueSourceArn: sys.DeadLetterQueueSourceArn,
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) if (v !== undefined && wanted(names, k)) out[k] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * A row as ReceiveMessage returns it; user attributes filtered by name or `prefix.*`. A lean row
 * (no attribute names asked for) has only what the names-less answer needs.
 */
export function toReceived(queue: Queue, row: ReceivedRow, systemNames: string[] | undefined, attributeNames: string[] | undefined): ReceivedMessage {
  const out: ReceivedMessage = {
    MessageId: row.message_id,
    ReceiptHandle: receiptHandle(queue.id, row.seq, row.receipt!),
    MD5OfBody: row.md5_body,
    Body: row.body,
    Attributes: row.sys === undefined ? undefined : systemAttributes(row as MessageRow, systemNames),
  };
  if (row.attrs && attributeNames && attributeNames.length > 0) {
    const attrs = JSON.parse(row.attrs) as Record<string, MessageAttribute>;
    const all = attributeNames.includes("All") || attributeNames.includes(".*");
    const picked: Record<string, MessageAttribute> = {};
    for (const [name, value] of Object.entries(attrs)) {
      if (all || attributeNames.some((n) => n === name || (n.endsWith(".*") && name.startsWith(n.slice(0, -1))))) picked[name] = value;
    }
    if (Object.keys(picked).length > 0) {
      out.MessageAttributes = picked;
      // The digest covers the attributes returned (SDKs verify it against them).
      out.MD5OfMessageAttributes = Object.keys(picked).length === Object.keys(attrs).length ? (row.md5_attrs ?? undefined) : md5OfAttributes(picked);
    }
  }
  return out;
}

/** Receives, waiting up to `waitSeconds` on the clock for a message to become available. */
export async function receiveWaiting(state: QueueState, queue: Queue, options: ReceiveOptions, waitSeconds: number): Promise<ReceivedRow[]> {
  const { clock } = state.env;
  const deadline = clock.now() + waitSeconds * 1000;
  for (;;) {
    const live = findQueue(state, queue.account, queue.region, queue.name);
    if (!live || live.id !== queue.id) return [];
    const rows = receiveNow(state, live, options);
    // A full batch may have left messages behind: pass the wake-up on.
    if (rows.length >= options.maxMessages) wakeReceivers(state, queue.id);
    if (rows.length > 0 || clock.now() >= deadline) return rows;
    const next = state.sql.nextVisibleAt.get(queue.id, clock.now())?.t ?? Infinity;
    await new Promise<void>((resolve) => {
      let set = state.waiters.get(queue.id);
      if (!set) state.waiters.set(queue.id, (set = new Set()));
      const finish = (): void => {
        timer.cancel();
        state.waiters.get(queue.id)?.delete(finish);
        resolve();
      };
      const timer = clock.setTimer(Math.min(deadline, next), finish);
      set.add(finish);
    });
  }
}
