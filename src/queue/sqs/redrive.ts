/** Redrive: checking a RedrivePolicy's target, finding the queues that use a queue as their DLQ. */
import { sqsErrors } from "../errors.js";
import type { QueueState } from "../state.js";
import type { Queue } from "./model.js";
import { queueForArn } from "./queues.js";
import { queueFromRow } from "./queue-attributes.js";

export function checkRedriveTarget(state: QueueState, policy: string | undefined, fifo: boolean, _region: string): void {
  if (!policy) return;
  const { deadLetterTargetArn } = JSON.parse(policy) as { deadLetterTargetArn: string };
  const dlq = queueForArn(state, deadLetterTargetArn);
  if (!dlq) throw sqsErrors.invalidParameterValue(`Value ${policy} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.`);
  if (dlq.fifo !== fifo) throw sqsErrors.invalidParameterValue(`Value ${policy} for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source..`);
}

/** Queues whose RedrivePolicy names `dlq`, by name. */
export function deadLetterSources(state: QueueState, dlq: Queue): Queue[] {
  return state.sql.allQueuesIn
    .all(dlq.account, dlq.region)
    .map(queueFromRow)
    .filter((q) => q.redrive?.deadLetterTargetArn === dlq.arn);
}
