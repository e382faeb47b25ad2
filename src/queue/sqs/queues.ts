/** Finding queues by URL, name or ARN, and building their URLs. */
import { parseArn } from "../../core/arn.js";
import type { Scope } from "../../core/events.js";
import { sqsErrors } from "../errors.js";
import { queueKey, type QueueState } from "../state.js";
import type { Queue } from "./model.js";
import { queueFromRow } from "./queue-attributes.js";

export function queueUrl(endpoint: string, queue: { account: string; name: string }): string {
  return `${endpoint}/${queue.account}/${queue.name}`;
}

export function findQueue(state: QueueState, account: string, region: string, name: string): Queue | undefined {
  const key = queueKey(account, region, name);
  const cached = state.queues.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const row = state.sql.queueByName.get(account, region, name);
  const queue = row ? queueFromRow(row) : undefined;
  state.queues.set(key, queue ?? null);
  return queue;
}

export function forgetQueue(state: QueueState, queue: { account: string; region: string; name: string }): void {
  state.queues.delete(queueKey(queue.account, queue.region, queue.name));
}

/** Parses `http(s)://host/<account>/<name>` (or a bare name) into account and name. */
export function parseQueueUrl(url: string, scope: Scope): { account: string; name: string } | undefined {
  const m = /^(?:https?:\/\/[^/]+)?\/(\d{12})\/([^/?#]+)\/?$/.exec(url);
  if (m) return { account: m[1]!, name: m[2]! };
  if (/^[\w.-]+$/.test(url)) return { account: scope.accountId, name: url };
  return undefined;
}

/** The queue a request's QueueUrl names, or QueueDoesNotExist. */
export function queueForUrl(state: QueueState, url: unknown, scope: Scope): Queue {
  if (typeof url !== "string" || url === "") throw sqsErrors.missingParameter("QueueUrl");
  const parsed = parseQueueUrl(url, scope);
  if (!parsed) throw sqsErrors.queueDoesNotExist();
  const queue = findQueue(state, parsed.account, scope.region, parsed.name);
  if (!queue) throw sqsErrors.queueDoesNotExist();
  return queue;
}

export function queueForArn(state: QueueState, arn: string): Queue | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== "sqs") return undefined;
  return findQueue(state, parsed.accountId, parsed.region, parsed.resource);
}

/** A queue given by ARN or URL (ports accept both). */
export function queueForArnOrUrl(state: QueueState, ref: string, scope?: Scope): Queue | undefined {
  if (ref.startsWith("arn:")) return queueForArn(state, ref);
  const m = /^https?:\/\/[^/]+\/(\d{12})\/([^/?#]+)/.exec(ref);
  if (!m) return undefined;
  const region = scope?.region ?? state.env.settings.region;
  return findQueue(state, m[1]!, region, m[2]!);
}
