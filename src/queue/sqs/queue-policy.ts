/** Writes a queue's Policy attribute ("" removes it), as SetQueueAttributes does. */
import { forgetQueue } from "./queues.js";
import type { Queue } from "./model.js";
import type { QueueState } from "../state.js";

export function setPolicy(state: QueueState, queue: Queue, policy: string, now: number): void {
  const attrs = { ...queue.attrs };
  if (policy === "") delete attrs.Policy;
  else attrs.Policy = policy;
  state.sql.updateQueueAttrs.run(JSON.stringify(attrs), Math.floor(now / 1000) * 1000, queue.id);
  forgetQueue(state, queue);
}
