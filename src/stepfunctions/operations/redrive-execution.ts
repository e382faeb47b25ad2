import type { RedriveExecutionInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import type { ResumePoint } from "../engine/run.js";
import { sfnErrors } from "../errors.js";
import { loadMockCase } from "../mock-config.js";
import { emitStatusChange } from "../engine/status-events.js";
import { requireExecution } from "./describe-execution.js";

const REDRIVE_WINDOW_MS = 14 * 24 * 3600 * 1000;

/** Restarts a failed, timed-out or aborted STANDARD execution at the state it stopped in. */
export const redriveExecution = sfnOperation<RedriveExecutionInput, Record<string, unknown>>({
  name: "RedriveExecution",
  handle(input, ctx, engine) {
    const row = requireExecution(engine, ctx, String(input.executionArn ?? ""));
    if (row.status === "RUNNING" || row.status === "SUCCEEDED") throw sfnErrors.notRedrivable(row.arn, `Execution is ${row.status} and cannot be redriven`);
    if (ctx.clock.now() - (row.stopped ?? row.started) > REDRIVE_WINDOW_MS) throw sfnErrors.notRedrivable(row.arn, "Execution can only be redriven within 14 days of closing");
    if (!row.state) throw sfnErrors.notRedrivable(row.arn, "Execution has no state to redrive from");
    const saved = JSON.parse(row.state) as ResumePoint;
    const point: ResumePoint = { state: saved.state, input: saved.input, variables: saved.variables, retries: {}, mockCalls: saved.mockCalls };
    const now = ctx.clock.now();
    const last = engine.store.lastEventId.get(row.arn)?.id ?? 0;
    ctx.store.txn(() => {
      engine.store.redrive.run(JSON.stringify(point), row.arn);
      engine.store.insertEvent.run(row.arn, last + 1, "ExecutionRedriven", now, last, JSON.stringify({ redriveCount: row.redrive_count + 1 }));
      emitStatusChange(engine.env, engine.store.execution.get(row.arn)!, now, now);
    });
    const mock = row.mock_case ? loadMockCase(ctx.settings, row.machine_arn.split(":")[6] ?? "", row.mock_case) : undefined;
    void engine.resume({ ...row, status: "RUNNING", redrive_count: row.redrive_count + 1 }, mock, { ...point, enteredEventId: undefined });
    return { redriveDate: new Date(now) };
  },
});
