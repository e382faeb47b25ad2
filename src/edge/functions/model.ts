/** A CloudFront Function as stored: one row per stage (DEVELOPMENT, and LIVE once published). */
import type { RequestContext } from "../../core/context.js";
import type { Json } from "../distribution.js";
import { edgeErrors } from "../errors.js";
import type { EdgeState } from "../state.js";

export interface FunctionMeta {
  name: string;
  arn: string;
  status: string;
  config: Json;
  created: number;
  modified: number;
}

export interface LoadedFunction {
  meta: FunctionMeta;
  etag: string;
  code: Buffer;
}

export const MAX_CODE_BYTES = 10 * 1024;

export function loadFunction(ctx: RequestContext, state: EdgeState, name: string, stage = "DEVELOPMENT"): LoadedFunction {
  const row = state.sql.function.get(ctx.accountId, name, stage);
  if (!row) throw edgeErrors.noSuchFunction();
  return { meta: JSON.parse(row.meta) as FunctionMeta, etag: row.etag, code: row.code };
}

export function saveFunction(ctx: RequestContext, state: EdgeState, stage: string, fn: LoadedFunction): void {
  state.sql.putFunction.run(ctx.accountId, fn.meta.name, stage, fn.etag, fn.code, JSON.stringify(fn.meta));
  state.forgetServed();
}

export function summaryOf(meta: FunctionMeta, stage: string): Json {
  return {
    Name: meta.name,
    Status: meta.status,
    FunctionConfig: meta.config,
    FunctionMetadata: { FunctionARN: meta.arn, Stage: stage, CreatedTime: new Date(meta.created), LastModifiedTime: new Date(meta.modified) },
  };
}

export function codeOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value);
  return Buffer.from(String(value ?? ""));
}
