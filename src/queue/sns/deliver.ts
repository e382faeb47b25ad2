/**
 * Fan-out of a published message to one subscription: SQS (committed before Publish answers),
 * Lambda (asynchronous invoke), HTTP/HTTPS (retried on the clock, then the subscription's DLQ),
 * email/SMS (recorded for GET /_local/sns/messages).
 */
import { randomUUID } from "node:crypto";
import { queueForArn } from "../sqs/queues.js";
import { sendMessages } from "../sqs/send.js";
import { validateMessage } from "../sqs/validate-message.js";
import type { QueueState } from "../state.js";
import { envelope, lambdaEvent, messageFor } from "./envelope.js";
import { passesFilter } from "./filter-policy.js";
import { subscriptionFromRow } from "./topics.js";
import { postToEndpoint } from "./http.js";
import type { PublishedMessage, Subscription } from "./model.js";

/** AWS's default HTTP delivery policy: three retries twenty seconds apart. */
const HTTP_RETRIES = 3;
const HTTP_RETRY_DELAY_MS = 20_000;

function isRaw(sub: Subscription): boolean {
  return sub.attrs.RawMessageDelivery === "true";
}

/** The body a subscriber gets: the raw message or the JSON envelope. */
function payload(m: PublishedMessage, sub: Subscription, endpoint: string): string {
  return isRaw(sub) ? messageFor(m, sub.protocol) : JSON.stringify(envelope(m, sub, endpoint));
}

export function deliverToQueue(state: QueueState, queueArn: string, m: PublishedMessage, body: string, withAttributes: boolean): boolean {
  const queue = queueForArn(state, queueArn);
  if (!queue) return false;
  const { message } = validateMessage(queue, {
    MessageBody: body,
    MessageAttributes: withAttributes && m.attributes && Object.keys(m.attributes).length > 0 ? m.attributes : undefined,
    MessageGroupId: queue.fifo ? (m.groupId ?? "default") : undefined,
    MessageDeduplicationId: queue.fifo ? (m.dedupId ?? m.messageId) : undefined,
  });
  sendMessages(state, queue, [message], m.topic.account);
  return true;
}

function toDeadLetter(state: QueueState, sub: Subscription, m: PublishedMessage, endpoint: string): void {
  if (!sub.attrs.RedrivePolicy) return;
  const target = (JSON.parse(sub.attrs.RedrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
  if (!target) return;
  try {
    deliverToQueue(state, target, m, payload(m, sub, endpoint), isRaw(sub));
  } catch (err) {
    state.env.log.warn({ err, subscription: sub.arn }, "SNS could not move a message to the subscription's dead-letter queue");
  }
}

/** An HTTP/HTTPS delivery attempt, a durable job (core/jobs) so that a retry survives a restart. */
interface HttpDelivery {
  subscriptionArn: string;
  message: PublishedMessage;
  endpoint: string;
  attempt: number;
}

export const HTTP_DELIVERY_JOB = "sns-http-delivery";

function scheduleHttpAttempt(state: QueueState, delivery: HttpDelivery, delayMs: number): void {
  state.env.jobs.schedule<HttpDelivery>(HTTP_DELIVERY_JOB, delivery, { delayMs });
}

/** The job's handler: one POST; a failure schedules the next attempt, the last one goes to the DLQ. */
export async function httpAttempt(state: QueueState, delivery: HttpDelivery): Promise<void> {
  const row = state.sql.subscriptionByArn.get(delivery.subscriptionArn);
  if (!row) return; // unsubscribed meanwhile: AWS stops delivering too
  const sub = subscriptionFromRow(row);
  const { message: m, endpoint, attempt } = delivery;
  const ok = await postToEndpoint({
    url: sub.endpoint,
    messageType: "Notification",
    messageId: m.messageId,
    topicArn: m.topic.arn,
    subscriptionArn: sub.arn,
    raw: isRaw(sub),
    body: payload(m, sub, endpoint),
  });
  if (ok) return;
  if (attempt >= HTTP_RETRIES) return toDeadLetter(state, sub, m, endpoint);
  scheduleHttpAttempt(state, { ...delivery, attempt: attempt + 1 }, HTTP_RETRY_DELAY_MS);
}

async function invokeLambda(state: QueueState, sub: Subscription, m: PublishedMessage, endpoint: string): Promise<void> {
  try {
    const invoker = await state.env.ports.get("FunctionInvoker");
    await invoker.invoke({ accountId: sub.account, region: sub.region }, sub.endpoint, JSON.stringify(lambdaEvent(m, sub, endpoint)), { type: "Event", source: "sns" });
  } catch (err) {
    state.env.log.warn({ err, subscription: sub.arn }, "SNS could not invoke the subscribed function");
    toDeadLetter(state, sub, m, endpoint);
  }
}

/** Delivers to one confirmed subscription if its filter policy lets the message through. */
export function deliver(state: QueueState, sub: Subscription, m: PublishedMessage, endpoint: string): void {
  if (!sub.confirmed) return;
  const body = messageFor(m, sub.protocol);
  if (!passesFilter(sub.attrs, body, m.attributes)) return;
  switch (sub.protocol) {
    case "sqs":
      try {
        if (!deliverToQueue(state, sub.endpoint, m, payload(m, sub, endpoint), isRaw(sub))) toDeadLetter(state, sub, m, endpoint);
      } catch (err) {
        state.env.log.warn({ err, subscription: sub.arn }, "SNS could not deliver to the subscribed queue");
        toDeadLetter(state, sub, m, endpoint);
      }
      return;
    case "lambda":
      void state.env.bus.track(invokeLambda(state, sub, m, endpoint));
      return;
    case "http":
    case "https":
      scheduleHttpAttempt(state, { subscriptionArn: sub.arn, message: m, endpoint, attempt: 0 }, 0);
      return;
    default:
      state.sql.insertOutbox.run(
        sub.account, sub.region, sub.protocol, sub.endpoint, sub.arn, m.topic.arn,
        JSON.stringify({ messageId: m.messageId, subject: m.subject, message: sub.protocol === "email-json" ? JSON.stringify(envelope(m, sub, endpoint)) : body, messageAttributes: m.attributes }),
        m.timestamp,
      );
  }
}

export function newMessageId(): string {
  return randomUUID();
}
