/**
 * Message move tasks (dead-letter queue redrive): messages leave the DLQ for their source queue
 * (or a given destination) at MaxNumberOfMessagesPerSecond, one batch a second on the clock.
 */
import type { QueueState } from "../state.js";
import type { MoveTaskRow } from "../store.js";
import type { Queue, SystemAttributes } from "./model.js";
import { queueForArn } from "./queues.js";
import { announce } from "./send.js";

const DEFAULT_RATE = 500;

/** Moves the next batch of a running task; re-arms itself until the DLQ is drained. */
export function runMoveTask(state: QueueState, handle: string): void {
  const { sql, env } = state;
  const task = sql.moveTask.get(handle);
  if (!task || task.status !== "RUNNING") return;
  const source = queueForArn(state, task.source_arn);
  if (!source) {
    sql.updateMoveTask.run("FAILED", task.moved, "AWS.SimpleQueueService.NonExistentQueue", handle);
    return;
  }
  const now = env.clock.now();
  const rate = task.max_per_second ?? DEFAULT_RATE;
  const touched = new Map<number, { queue: Queue; ids: string[] }>();
  let failure: string | undefined;
  const moved = env.store.txn(() => {
    const rows = sql.movableMessages.all(source.id, 0, rate);
    let n = 0;
    for (const row of rows) {
      const target = task.destination_arn ?? (JSON.parse(row.sys) as SystemAttributes).DeadLetterQueueSourceArn;
      const dest = target ? queueForArn(state, target) : undefined;
      if (!dest) {
        failure = "AWS.SimpleQueueService.NonExistentQueue";
        break;
      }
      sql.redriveMessage.run(dest.id, now, row.seq);
      state.oldestSent.delete(dest.id);
      const t = touched.get(dest.id) ?? { queue: dest, ids: [] };
      t.ids.push(row.message_id);
      touched.set(dest.id, t);
      n++;
    }
    const total = task.moved + n;
    const done = failure !== undefined || rows.length < rate || sql.countAll.get(source.id)!.n === 0;
    sql.updateMoveTask.run(failure ? "FAILED" : done ? "COMPLETED" : "RUNNING", total, failure ?? null, handle);
    return done;
  });
  for (const { queue, ids } of touched.values()) announce(state, queue, ids);
  if (!moved) env.clock.setTimer(now + 1000, () => runMoveTask(state, handle));
}

/** After a restore or restart: running tasks continue. */
export function resumeMoveTasks(state: QueueState): void {
  for (const task of state.sql.runningMoveTasks.all()) state.env.clock.setTimer(state.env.clock.now() + 1000, () => runMoveTask(state, task.handle));
}

export function describeTask(task: MoveTaskRow): Record<string, unknown> {
  return {
    TaskHandle: task.status === "RUNNING" ? task.handle : undefined,
    Status: task.status,
    SourceArn: task.source_arn,
    DestinationArn: task.destination_arn ?? undefined,
    MaxNumberOfMessagesPerSecond: task.max_per_second ?? undefined,
    ApproximateNumberOfMessagesMoved: task.moved,
    ApproximateNumberOfMessagesToMove: task.to_move,
    FailureReason: task.failure_reason ?? undefined,
    StartedTimestamp: task.started_at,
  };
}
