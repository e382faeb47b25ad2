/** Shared pieces of both control planes: operation declaration, ids, PATCH operations, paging. */
import type { RequestContext } from "../core/context.js";
import { alphanumericId } from "../core/ids.js";
import type { HttpBinding, OperationDef } from "../core/service.js";
import { errors } from "./errors.js";
import type { Doc, DocStore } from "./store.js";
import { gatewayOf, withGateway } from "./context.js";
import { apigwOperation } from "./state.js";

export type Input = Record<string, unknown>;

/** A restJson1 operation whose input is the JSON body plus path labels (wire names as AWS spells them). */
export function op(
  name: string,
  method: string,
  path: string,
  handle: (input: Input, ctx: RequestContext) => unknown,
  extra: Partial<HttpBinding> = {},
): OperationDef<never, never> {
  const status = method === "POST" || (method === "PUT" && !extra.status) ? 201 : 200;
  return apigwOperation<Input, Record<string, unknown>>({
    name,
    http: { method, path, status, ...extra },
    handle: async (input, ctx, state) => {
      const out = await handle(input, withGateway(ctx, state));
      return (out ?? {}) as Record<string, unknown>;
    },
  });
}

export function docs(ctx: RequestContext): DocStore {
  return gatewayOf(ctx).docs;
}

/** API Gateway ids: lower-case letters and digits (10 for APIs, resources, deployments; 6 for plans). */
export function newId(length = 10): string {
  return alphanumericId(length);
}

export function str(input: Input, key: string): string | undefined {
  const v = input[key];
  return typeof v === "string" ? v : undefined;
}

export function required(input: Input, key: string, what = key): string {
  const v = str(input, key);
  if (v === undefined || v === "") throw errors.badRequest(`Invalid ${what}`);
  return v;
}

export function nowSeconds(ctx: RequestContext): number {
  return Math.floor(ctx.clock.now() / 1000);
}

export function nowIso(ctx: RequestContext): string {
  return new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface PatchOperation {
  op?: string;
  path?: string;
  value?: string;
  from?: string;
}

/** Applies API Gateway's JSON-Patch-like `patchOperations` (values are strings; types follow the field). */
export function applyPatch(doc: Doc, ops: unknown, rewrite?: (path: string[], op: PatchOperation) => string[] | null): void {
  if (!Array.isArray(ops)) return;
  for (const raw of ops as PatchOperation[]) {
    if (!raw || typeof raw.path !== "string") throw errors.badRequest("Invalid patch operation specified. Must be one of: [add, remove, move, test, replace, copy]");
    const segments = raw.path.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    const path = rewrite ? rewrite(segments, raw) : segments;
    if (path === null) continue;
    if (path.length === 0 || path.some((p) => p === "__proto__" || p === "constructor" || p === "prototype")) throw errors.badRequest(`Invalid patch path ${raw.path}`);
    let target = doc;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      if (next === null || typeof next !== "object" || Array.isArray(next)) target[key] = {};
      target = target[key] as Doc;
    }
    const last = path[path.length - 1]!;
    const op = raw.op ?? "replace";
    if (op === "remove") {
      if (Array.isArray(target[last]) && raw.value !== undefined) target[last] = (target[last] as unknown[]).filter((v) => v !== raw.value);
      else delete target[last];
    } else if (op === "add" && Array.isArray(target[last])) {
      (target[last] as unknown[]).push(raw.value);
    } else if (op === "add" || op === "replace") {
      target[last] = coerce(target[last], raw.value, last);
    } else {
      throw errors.badRequest(`Invalid patch operation specified. Must be one of: [add, remove, move, test, replace, copy]`);
    }
  }
}

const BOOLEAN_FIELDS = new Set(["apiKeyRequired", "enabled", "cacheClusterEnabled", "tracingEnabled", "autoDeploy", "disableExecuteApiEndpoint", "validateRequestBody", "validateRequestParameters", "metricsEnabled", "cachingEnabled", "requireAuthorizationForCacheControl", "dataTraceEnabled", "enableSimpleResponses"]);
const NUMBER_FIELDS = new Set(["timeoutInMillis", "authorizerResultTtlInSeconds", "throttlingBurstLimit", "throttlingRateLimit", "cacheTtlInSeconds", "burstLimit", "rateLimit", "limit", "offset", "minimumCompressionSize"]);

function coerce(previous: unknown, value: string | undefined, field: string): unknown {
  if (value === undefined) return undefined;
  if (typeof previous === "boolean" || BOOLEAN_FIELDS.has(field)) return value === "true";
  if (typeof previous === "number" || NUMBER_FIELDS.has(field)) {
    const n = Number(value);
    if (!Number.isFinite(n)) throw errors.badRequest(`Invalid value for ${field}: ${value}`);
    return n;
  }
  return value;
}

/** v1 list pages: `{ item, position }` with `limit` (default 25, at most 500) and an opaque position. */
export function page<T>(items: T[], input: Input): { item: T[]; position?: string } {
  const limit = Math.min(Math.max(Number(input.limit ?? 25) || 25, 1), 500);
  const start = input.position ? Number(Buffer.from(String(input.position), "base64url").toString()) || 0 : 0;
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? Buffer.from(String(start + limit)).toString("base64url") : undefined;
  return next ? { item: slice, position: next } : { item: slice };
}

/** v2 list pages: `{ items, nextToken }` with `maxResults`. */
export function pageV2<T>(items: T[], input: Input): { items: T[]; nextToken?: string } {
  const limit = Math.min(Math.max(Number(input.maxResults ?? 100) || 100, 1), 500);
  const start = input.nextToken ? Number(Buffer.from(String(input.nextToken), "base64url").toString()) || 0 : 0;
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? Buffer.from(String(start + limit)).toString("base64url") : undefined;
  return next ? { items: slice, nextToken: next } : { items: slice };
}

export const pageQuery = { limit: "limit", position: "position" };
export const pageQueryV2 = { maxResults: "maxResults", nextToken: "nextToken" };
