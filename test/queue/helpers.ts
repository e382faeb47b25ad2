/** Small helpers shared by the queue specs. */
import { CreateQueueCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { ServerContext } from "../helpers/index.js";
import { uniqueName } from "../helpers/index.js";

export async function newQueue(sqs: SQSClient, prefix = "q", attributes: Record<string, string> = {}): Promise<string> {
  const fifo = attributes.FifoQueue === "true";
  const name = uniqueName(prefix) + (fifo ? ".fifo" : "");
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return QueueUrl!;
}

/** Waits (without moving the clock) until the server has registered at least `n` more timers. */
export async function untilTimers(ctx: ServerContext, before: number, n = 1): Promise<void> {
  const clock = ctx.aws.server.manualClock!;
  for (let i = 0; i < 10_000 && clock.pendingTimers() < before + n; i++) await new Promise((r) => setImmediate(r));
}

export function timers(ctx: ServerContext): number {
  return ctx.aws.server.manualClock!.pendingTimers();
}

export function arnOf(url: string): string {
  const [, account, name] = /\/(\d{12})\/([^/]+)$/.exec(url)!;
  return `arn:aws:sqs:us-east-1:${account}:${name}`;
}
