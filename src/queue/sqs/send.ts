/** Enqueuing: FIFO deduplication and sequence numbers, one transaction, then bus and waiters. */
import { createHash, randomUUID } from "node:crypto";
import type { Scope } from "../../core/events.js";
import { wakeReceivers, type QueueState } from "../state.js";
import { md5Hex, md5OfAttributes } from "./md5.js";
import type { MessageAttribute, Queue, SystemAttributes } from "./model.js";
import { queueUrl } from "./queues.js";
import type { ValidMessage } from "./validate-message.js";

export const DEDUP_WINDOW_MS = 5 * 60_000;
const SEQUENCE_BASE = 18_000_000_000_000_000_000n;

export interface SendResult {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
  SequenceNumber?: string;
}

function cleanAttributes(attributes: Record<string, MessageAttribute> | undefined): Record<string, MessageAttribute> | undefined {
  if (!attributes) return undefined;
  const out: Record<string, MessageAttribute> = {};
  for (const [name, a] of Object.entries(attributes)) {
    out[name] = a.DataType.startsWith("Binary") ? { DataType: a.DataType, BinaryValue: a.BinaryValue } : { DataType: a.DataType, StringValue: String(a.StringValue) };
  }
  return out;
}

/**
 * Stores the messages (already validated) in one transaction and returns one result per message;
 * a FIFO duplicate within five minutes returns the first message's id and stores nothing.
 */
export function sendMessages(state: QueueState, queue: Queue, messages: ValidMessage[], senderId: string, options: { endpoint?: string; extraSys?: Partial<SystemAttributes> } = {}): SendResult[] {
  const { sql, env } = state;
  const now = env.clock.now();
  const sent: string[] = [];
  const store = (): SendResult[] => {
    if (queue.fifo) sql.dedupSweep.run(queue.id, now);
    // One INSERT for the batch, after the loop (in order, so seq keeps the send order): measured
    // 83 → 59 µs for ten messages.
    const values: unknown[] = [];
    let plainSys: string | undefined;
    const out = messages.map((m): SendResult => {
      const attributes = cleanAttributes(m.attributes);
      const md5Body = md5Hex(m.body);
      const md5Attrs = md5OfAttributes(attributes);
      const trace = m.traceHeader ? { AWSTraceHeader: { DataType: "String", StringValue: m.traceHeader } } : undefined;
      const md5Sys = md5OfAttributes(trace);
      const sys: SystemAttributes = { SenderId: senderId, ...options.extraSys };
      if (m.traceHeader) sys.AWSTraceHeader = m.traceHeader;
      if (m.groupId !== undefined) sys.MessageGroupId = m.groupId;
      let dedupKey: string | undefined;
      if (queue.fifo) {
        const dedupId = m.dedupId ?? createHash("sha256").update(m.body, "utf8").digest("hex");
        dedupKey = queue.dedupScopeGroup ? `${m.groupId}\u0000${dedupId}` : dedupId;
        const seen = sql.dedupGet.get(queue.id, dedupKey);
        if (seen && seen.expires_at > now) {
          return { MD5OfMessageBody: md5Body, MD5OfMessageAttributes: md5Attrs, MD5OfMessageSystemAttributes: md5Sys, MessageId: seen.message_id, SequenceNumber: seen.sequence ?? undefined };
        }
        sys.MessageDeduplicationId = dedupId;
        const counter = sql.nextQueueSeq.get(queue.id)!.seq_counter;
        sys.SequenceNumber = (SEQUENCE_BASE + BigInt(counter) * 65_536n).toString();
      }
      const messageId = randomUUID();
      const delay = m.delaySeconds ?? queue.delaySeconds;
      // Most messages of a batch carry the same system attributes (the sender's id alone).
      const sysText = sys.AWSTraceHeader === undefined && sys.MessageGroupId === undefined && !queue.fifo ? (plainSys ??= JSON.stringify(sys)) : JSON.stringify(sys);
      values.push(
        queue.id, messageId, m.body, md5Body, attributes ? JSON.stringify(attributes) : null, md5Attrs ?? null,
        sysText, m.groupId ?? null, now, now + delay * 1000, 0, null,
      );
      if (dedupKey !== undefined) sql.dedupPut.run(queue.id, dedupKey, messageId, sys.SequenceNumber ?? null, now + DEDUP_WINDOW_MS);
      sent.push(messageId);
      return { MD5OfMessageBody: md5Body, MD5OfMessageAttributes: md5Attrs, MD5OfMessageSystemAttributes: md5Sys, MessageId: messageId, SequenceNumber: sys.SequenceNumber };
    });
    if (sent.length > 0) {
      state.insertMessages.get(sent.length).run(...values);
      const oldest = state.oldestSent.get(queue.id);
      if (oldest !== undefined && oldest > now) state.oldestSent.set(queue.id, now);
    }
    return out;
  };
  // A standard queue's send is one INSERT, atomic and committed on its own: BEGIN/COMMIT around
  // it would add two statements. FIFO sends also read and write deduplication and sequence rows.
  const results = queue.fifo ? env.store.txn(store) : store();
  if (sent.length > 0) announce(state, queue, sent, options.endpoint);
  return results;
}

/**
 * After a commit: wake long polls and tell pollers (Lambda) there is work. One event per commit
 * (naming its first message) is enough for pollers, which look at the queue, not the message;
 * one per message cost ~2% of the server's CPU in the 8+8 benchmark.
 */
export function announce(state: QueueState, queue: Queue, messageIds: string[], endpoint?: string): void {
  wakeReceivers(state, queue.id);
  const scope: Scope = { accountId: queue.account, region: queue.region };
  const url = queueUrl(endpoint ?? state.env.endpoint(), queue);
  state.env.bus.publish("queue.MessageSent", { ...scope, queueArn: queue.arn, queueUrl: url, messageId: messageIds[0]! });
}
