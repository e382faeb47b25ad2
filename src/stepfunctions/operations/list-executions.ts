import type { ListExecutionsInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { parseMachineArn, parseMapRunArn } from "../arns.js";
import type { ExecutionRow } from "../store.js";
import { constraint, sfnErrors } from "../errors.js";
import { page } from "../paging.js";

const STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"];

/** Newest first. EXPRESS executions are not listed (AWS keeps them in CloudWatch Logs only). */
export const listExecutions = sfnOperation<ListExecutionsInput, Record<string, unknown>>({
  name: "ListExecutions",
  handle(input, ctx, engine) {
    if (input.stateMachineArn === undefined && input.mapRunArn === undefined) throw sfnErrors.validation("Must provide a StateMachine ARN or MapRun ARN");
    if (input.statusFilter !== undefined && !STATUSES.includes(input.statusFilter))
      throw constraint("statusFilter", input.statusFilter, `Member must satisfy enum value set: [${STATUSES.join(", ")}]`);
    let rows: ExecutionRow[];
    if (input.stateMachineArn === undefined) {
      const mapRunArn = input.mapRunArn!;
      const ref = parseMapRunArn(mapRunArn);
      const mapRun = engine.store.mapRun.get(mapRunArn);
      if (!mapRun || ref.accountId !== ctx.accountId) throw sfnErrors.resourceNotFound(mapRunArn);
      rows = engine.store.executionsOfMapRun.all(mapRunArn);
    } else {
      const ref = parseMachineArn(input.stateMachineArn);
      const machine = engine.store.machine.get(ref.machineArn);
      if (!machine || machine.account !== ctx.accountId) throw sfnErrors.machineNotFound(input.stateMachineArn);
      if (machine.type === "EXPRESS") throw sfnErrors.typeNotSupported("This operation is not supported by this type of state machine");
      rows = engine.store.executionsOf.all(ref.machineArn);
      if (ref.qualifier !== undefined) rows = rows.filter((r) => r.version_arn === input.stateMachineArn || r.alias_arn === input.stateMachineArn);
    }
    if (input.statusFilter) rows = rows.filter((r) => r.status === input.statusFilter);
    const { items, nextToken } = page(rows, input.maxResults, input.nextToken);
    return {
      executions: items.map((r) => ({
        executionArn: r.arn,
        stateMachineArn: r.machine_arn,
        name: r.name,
        status: r.status,
        startDate: new Date(r.started),
        ...(r.stopped !== null ? { stopDate: new Date(r.stopped) } : {}),
        ...(r.version_arn ? { stateMachineVersionArn: r.version_arn } : {}),
        ...(r.alias_arn ? { stateMachineAliasArn: r.alias_arn } : {}),
        ...(r.map_run ? { mapRunArn: r.map_run } : {}),
        redriveCount: r.redrive_count,
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
});
