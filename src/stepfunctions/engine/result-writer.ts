/**
 * Distributed Map's ResultWriter: the iterations' results go to S3 as AWS lays them out —
 * `<Prefix>/<map run id>/SUCCEEDED_0.json`, `FAILED_0.json` and `manifest.json` — and the Map
 * state's result becomes `{ MapRunArn, ResultWriterDetails: { Bucket, Key } }`.
 */
import { randomUUID } from "node:crypto";
import { evaluateTemplate } from "../asl/jsonata.js";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { StatesError } from "../asl/states-error.js";
import { applyTemplate } from "../asl/template.js";
import { isJsonata, jsonataScope, pathScope, type StateCtx } from "./io.js";
import type { ChildRecord } from "./map-runs.js";

export interface MapOutcome {
  inputs: Json[];
  results: Json[];
  failed: Set<number>;
  /** A distributed Map's Map Run and its child executions, by item. */
  mapRun?: { arn: string; children: (ChildRecord | undefined)[] };
}

export async function writeResults(ctx: StateCtx, raw: Json, effective: Json, outcome: MapOutcome): Promise<Json> {
  const run = ctx.frame.run;
  const writer = ctx.state.ResultWriter as JsonObject;
  const template = isJsonata(ctx) ? writer.Arguments : writer.Parameters;
  const params = isJsonata(ctx)
    ? await evaluateTemplate(template ?? {}, jsonataScope(ctx, { input: raw }), "ResultWriter")
    : applyTemplate(template ?? {}, pathScope(ctx, effective));
  if (!isObject(params) || typeof params.Bucket !== "string") throw new StatesError("States.ResultWriterFailed", "The ResultWriter needs a Bucket");
  const bucket = params.Bucket;
  const prefix = typeof params.Prefix === "string" && params.Prefix !== "" ? `${params.Prefix.replace(/\/$/, "")}/` : "";
  const info = run.info;
  const mapRunArn = outcome.mapRun?.arn ?? `arn:aws:states:${info.region}:${info.accountId}:mapRun:${info.machineName}/${ctx.name}:${randomUUID()}`;
  const id = mapRunArn.slice(mapRunArn.lastIndexOf(":") + 1);
  const iso = (ms: number): string => new Date(ms).toISOString();
  const now = run.services.wakeups.now();
  const entry = (index: number): JsonObject => {
    const ok = !outcome.failed.has(index);
    const result = outcome.results[index] ?? null;
    const child = outcome.mapRun?.children[index];
    const name = child?.name ?? `${id.slice(0, 8)}-${index}`;
    return {
      ExecutionArn: child?.arn ?? `arn:aws:states:${info.region}:${info.accountId}:execution:${info.machineName}/${ctx.name}:${name}`,
      Input: JSON.stringify(outcome.inputs[index] ?? null),
      InputDetails: { Included: true },
      Name: name,
      ...(ok ? { Output: JSON.stringify(result), OutputDetails: { Included: true } } : { Error: (result as JsonObject)?.Error ?? "", Cause: (result as JsonObject)?.Cause ?? "" }),
      RedriveCount: 0,
      RedriveStatus: "NOT_REDRIVABLE",
      RedriveStatusReason: ok ? "Execution is SUCCEEDED and cannot be redriven" : "Execution is FAILED and cannot be redriven",
      StartDate: iso(child?.start ?? now),
      StateMachineArn: `arn:aws:states:${info.region}:${info.accountId}:stateMachine:${info.machineName}/${typeof ctx.state.Label === "string" ? ctx.state.Label : ctx.name}`,
      Status: child?.status ?? (ok ? "SUCCEEDED" : "FAILED"),
      StopDate: iso(child?.stop ?? now),
    };
  };
  const indexes = outcome.results.map((_, i) => i);
  const files: { status: string; entries: JsonObject[] }[] = [
    { status: "SUCCEEDED", entries: indexes.filter((i) => !outcome.failed.has(i)).map(entry) },
    { status: "FAILED", entries: indexes.filter((i) => outcome.failed.has(i)).map(entry) },
  ];
  const scope = { accountId: info.accountId, region: info.region };
  const resultFiles: JsonObject = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const file of files) {
    if (file.entries.length === 0) continue;
    const key = `${prefix}${id}/${file.status}_0.json`;
    const body = JSON.stringify(file.entries);
    await run.services.writeObject(scope, bucket, key, body);
    resultFiles[file.status] = [{ Key: key, Size: Buffer.byteLength(body) }];
  }
  const manifestKey = `${prefix}${id}/manifest.json`;
  await run.services.writeObject(scope, bucket, manifestKey, JSON.stringify({ DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: resultFiles }));
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
}
