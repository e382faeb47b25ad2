/** CreateInvalidation, GetInvalidation, ListInvalidations: they empty the edge cache at once. */
import { alphanumericId } from "../../core/ids.js";
import { checkQuantities, type Json } from "../distribution.js";
import { edgeErrors } from "../errors.js";
import { edgeOperation, loadDistribution, maxItemsOf } from "../state.js";

interface InvalidationBatch {
  CallerReference: string;
  Paths: { Quantity: number; Items?: string[] };
}

interface InvalidationMeta {
  Id: string;
  CreateTime: number;
  InvalidationBatch: InvalidationBatch;
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

export const createInvalidation = edgeOperation<{ DistributionId: string; InvalidationBatch: InvalidationBatch }, Json>({
  name: "CreateInvalidation",
  handle(input, ctx, state) {
    const { meta } = loadDistribution(ctx, state, input.DistributionId);
    checkQuantities(input.InvalidationBatch);
    const paths = input.InvalidationBatch.Paths.Items ?? [];
    checkPaths(paths);
    const inv: InvalidationMeta = { Id: "I" + alphanumericId(13).toUpperCase(), CreateTime: ctx.clock.now(), InvalidationBatch: input.InvalidationBatch };
    state.sql.putInvalidation.run(meta.id, inv.Id, inv.CreateTime, JSON.stringify(inv));
    state.cache.invalidate(meta.id, paths);
    return {
      Location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${meta.id}/invalidation/${inv.Id}`,
      Invalidation: view(inv, "InProgress"),
    };
  },
});

export const getInvalidation = edgeOperation<{ DistributionId: string; Id: string }, Json>({
  name: "GetInvalidation",
  handle(input, ctx, state) {
    const { meta } = loadDistribution(ctx, state, input.DistributionId);
    const row = state.sql.invalidation.get(meta.id, input.Id);
    if (!row) throw edgeErrors.noSuchInvalidation();
    return { Invalidation: view(JSON.parse(row.meta) as InvalidationMeta, "Completed") };
  },
});

export const listInvalidations = edgeOperation<{ DistributionId: string; Marker?: string; MaxItems?: string }, Json>({
  name: "ListInvalidations",
  handle(input, ctx, state) {
    const { meta } = loadDistribution(ctx, state, input.DistributionId);
    const max = maxItemsOf(input.MaxItems);
    const all = state.sql.invalidationsOf.all(meta.id).map((r) => JSON.parse(r.meta) as InvalidationMeta);
    const start = input.Marker ? all.findIndex((i) => i.Id === input.Marker) + 1 : 0;
    const page = all.slice(start, start + max);
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
