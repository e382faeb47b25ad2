import type { DescribeMapRunInput, ListMapRunsInput, UpdateMapRunInput } from "@aws-sdk/client-sfn";
import type { RequestContext } from "../../core/context.js";
import { parseMapRunArn } from "../arns.js";
import type { Engine } from "../engine/engine.js";
import { itemCounts, limitsOf } from "../engine/map-runs.js";
import { sfnErrors } from "../errors.js";
import { page } from "../paging.js";
import { sfnOperation } from "../state.js";
import type { MapRunRow } from "../store.js";
import { requireExecution } from "./describe-execution.js";

function requireMapRun(engine: Engine, ctx: RequestContext, arn: string): MapRunRow {
  const ref = parseMapRunArn(arn);
  const row = engine.store.mapRun.get(arn);
  if (!row || ref.accountId !== ctx.accountId) throw sfnErrors.resourceNotFound(arn);
  return row;
}

/** The Map Runs a distributed Map of the execution started, newest first. */
export const listMapRuns = sfnOperation<ListMapRunsInput, Record<string, unknown>>({
  name: "ListMapRuns",
  handle(input, ctx, engine) {
    const execution = requireExecution(engine, ctx, String(input.executionArn ?? ""));
    const { items, nextToken } = page(engine.store.mapRunsOf.all(execution.arn), input.maxResults, input.nextToken);
    return {
      mapRuns: items.map((r) => ({
        executionArn: r.execution,
        mapRunArn: r.arn,
        stateMachineArn: r.machine_arn,
        startDate: new Date(r.started),
        ...(r.stopped !== null ? { stopDate: new Date(r.stopped) } : {}),
      })),
      ...(nextToken ? { nextToken } : {}),
    };
  },
});

export const describeMapRun = sfnOperation<DescribeMapRunInput, Record<string, unknown>>({
  name: "DescribeMapRun",
  handle(input, ctx, engine) {
    const row = requireMapRun(engine, ctx, String(input.mapRunArn ?? ""));
    const counts = (row.status === "RUNNING" ? engine.mapRuns.counts(row.arn) : undefined) ?? itemCounts(row);
    const limits = limitsOf(row);
    return {
      mapRunArn: row.arn,
      executionArn: row.execution,
      status: row.status,
      startDate: new Date(row.started),
      ...(row.stopped !== null ? { stopDate: new Date(row.stopped) } : {}),
      maxConcurrency: limits.maxConcurrency,
      toleratedFailurePercentage: limits.toleratedPercentage ?? 0,
      toleratedFailureCount: limits.toleratedCount ?? 0,
      itemCounts: counts,
      executionCounts: counts,
      redriveCount: 0,
    };
  },
});

/** New limits for a running Map Run: MaxConcurrency applies to children not yet started, thresholds to failures from now on. */
export const updateMapRun = sfnOperation<UpdateMapRunInput, Record<string, never>>({
  name: "UpdateMapRun",
  handle(input, ctx, engine) {
    const row = requireMapRun(engine, ctx, String(input.mapRunArn ?? ""));
    if (input.maxConcurrency === undefined && input.toleratedFailurePercentage === undefined && input.toleratedFailureCount === undefined)
      throw sfnErrors.validation("Must specify at least one of maxConcurrency, toleratedFailurePercentage, toleratedFailureCount");
    const current = limitsOf(row);
    const limits = {
      maxConcurrency: input.maxConcurrency ?? current.maxConcurrency,
      toleratedPercentage: input.toleratedFailurePercentage ?? current.toleratedPercentage,
      toleratedCount: input.toleratedFailureCount ?? current.toleratedCount,
    };
    engine.store.updateMapRunLimits.run(limits.maxConcurrency, limits.toleratedPercentage ?? -1, limits.toleratedCount ?? -1, row.arn);
    engine.mapRuns.update(row.arn, limits);
    return {};
  },
});
