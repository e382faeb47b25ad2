/**
 * CreateInvalidation, GetInvalidation, ListInvalidations. Matching cache entries are dropped at
 * once; the invalidation answers InProgress at create and Completed from its first read. Until
 * then, and for at most IN_PROGRESS_MS of the clock, it counts against AWS's in-progress limits
 * (3,000 file paths and 15 wildcard paths per distribution), so a burst of creates meets
 * TooManyInvalidationsInProgress as it would on AWS.
 */
import { alphanumericId } from "../../core/ids.js";
import { checkQuantities, type Json } from "../distribution.js";
import { edgeErrors } from "../errors.js";
import { edgeOperation, loadDistribution, maxItemsOf, type EdgeState } from "../state.js";

interface InvalidationBatch {
  CallerReference: string;
  Paths: { Quantity: number; Items?: string[] };
}

interface InvalidationMeta {
  Id: string;
  CreateTime: number;
  InvalidationBatch: InvalidationBatch;
  /** Set by its first read (Get or List). */
  completed?: boolean;
}

const IN_PROGRESS_MS = 60_000;
const MAX_FILE_PATHS = 3000;
const MAX_WILDCARD_PATHS = 15;

function inProgress(m: InvalidationMeta, now: number): boolean {
  return !m.completed && now < m.CreateTime + IN_PROGRESS_MS;
}

function checkInProgress(all: InvalidationMeta[], paths: string[], now: number): void {
  let files = paths.filter((p) => !p.endsWith("*")).length;
  let wildcards = paths.length - files;
  for (const m of all) {
    if (!inProgress(m, now)) continue;
    for (const p of m.InvalidationBatch.Paths.Items ?? []) if (p.endsWith("*")) wildcards++;
    else files++;
  }
  if (wildcards > MAX_WILDCARD_PATHS) throw edgeErrors.tooManyInvalidations("Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.");
  if (files > MAX_FILE_PATHS) throw edgeErrors.tooManyInvalidations("Processing your request will cause you to exceed the maximum number of in-progress invalidations.");
}

/** The first read completes an invalidation (stored, so it stays Completed after a restart). */
function completed(state: EdgeState, distributionId: string, m: InvalidationMeta): InvalidationMeta {
  if (m.completed) return m;
  const done = { ...m, completed: true };
  state.sql.putInvalidation.run(distributionId, m.Id, m.CreateTime, JSON.stringify(done));
  return done;
}

function samePaths(a: InvalidationBatch, b: InvalidationBatch): boolean {
  const x = a.Paths.Items ?? [];
  const y = b.Paths.Items ?? [];
  return x.length === y.length && x.every((p, i) => p === y[i]);
}

function checkPaths(paths: string[]): void {
  for (const p of paths) {
    const star = p.indexOf("*");
    if (!p.startsWith("/") || (star !== -1 && star !== p.length - 1)) {
      throw edgeErrors.invalidArgument("Your request contains one or more invalid invalidation paths.");
    }
  }
}

function view(m: InvalidationMeta, status: string): Json {
  return { Id: m.Id, Status: status, CreateTime: new Date(m.CreateTime), InvalidationBatch: m.InvalidationBatch };
}

function created(distributionId: string, m: InvalidationMeta, status: string): Json {
  return { Location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${distributionId}/invalidation/${m.Id}`, Invalidation: view(m, status) };
}

export const createInvalidation = edgeOperation<{ DistributionId: string; InvalidationBatch: InvalidationBatch }, Json>({
  name: "CreateInvalidation",
  handle(input, ctx, state) {
    const { meta } = loadDistribution(ctx, state, input.DistributionId);
    checkQuantities(input.InvalidationBatch);
    const paths = input.InvalidationBatch.Paths.Items ?? [];
    checkPaths(paths);
    const now = ctx.clock.now();
    const all = state.sql.invalidationsOf.all(meta.id).map((r) => JSON.parse(r.meta) as InvalidationMeta);
    // The same CallerReference and paths answer the invalidation made before; other paths are refused.
    const earlier = all.find((m) => m.InvalidationBatch.CallerReference === input.InvalidationBatch.CallerReference);
    if (earlier) {
      if (!samePaths(earlier.InvalidationBatch, input.InvalidationBatch)) throw edgeErrors.invalidationBatchExists();
      return created(meta.id, earlier, inProgress(earlier, now) ? "InProgress" : "Completed");
    }
    checkInProgress(all, paths, now);
    const inv: InvalidationMeta = { Id: "I" + alphanumericId(13).toUpperCase(), CreateTime: now, InvalidationBatch: input.InvalidationBatch };
    state.sql.putInvalidation.run(meta.id, inv.Id, inv.CreateTime, JSON.stringify(inv));
    state.cache.invalidate(meta.id, paths);
    return created(meta.id, inv, "InProgress");
  },
});

export const getInvalidation = edgeOperation<{ DistributionId: string; Id: string }, Json>({
  name: "GetInvalidation",
  handle(input, ctx, state) {
    const { meta } = loadDistribution(ctx, state, input.DistributionId);
    const row = state.sql.invalidation.get(meta.id, input.Id);
    if (!row) throw edgeErrors.noSuchInvalidation();
    return { Invalidation: view(completed(state, meta.id, JSON.parse(row.meta) as InvalidationMeta), "Completed") };
  },
});

export const listInvalidations = edgeOperation<{ DistributionId: string; Marker?: string; MaxItems?: string }, Json>({
  name: "ListInvalidations",
  handle(input, ctx, state) {
    const { meta } = loadDistribution(ctx, state, input.DistributionId);
    const max = maxItemsOf(input.MaxItems);
    const all = state.sql.invalidationsOf.all(meta.id).map((r) => JSON.parse(r.meta) as InvalidationMeta);
    const start = input.Marker ? all.findIndex((i) => i.Id === input.Marker) + 1 : 0;
    const page = all.slice(start, start + max).map((m) => completed(state, meta.id, m));
    const truncated = start + max < all.length;
    return {
      InvalidationList: {
        Marker: input.Marker ?? "",
        ...(truncated && page.length > 0 ? { NextMarker: page[page.length - 1]!.Id } : {}),
        MaxItems: max,
        IsTruncated: truncated,
        Quantity: page.length,
        ...(page.length > 0 ? { Items: page.map((i) => ({ Id: i.Id, CreateTime: new Date(i.CreateTime), Status: "Completed" })) } : {}),
      },
    };
  },
});
