import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { layerArn, layerView, parseLayerName, type LayerView } from "../layers.js";
import type { LayerVersionRow } from "../store.js";

interface Filter {
  CompatibleRuntime?: string;
  CompatibleArchitecture?: string;
  Marker?: string;
  MaxItems?: number;
}

function maxItems(n: number | undefined): number {
  if (n === undefined) return 50;
  if (!Number.isInteger(n) || n < 1 || n > 50) {
    throw lambdaErrors.validation(`1 validation error detected: Value '${n}' at 'maxItems' failed to satisfy constraint: Member must have value ${n < 1 ? "greater than or equal to 1" : "less than or equal to 50"}`);
  }
  return n;
}

function matches(row: LayerVersionRow, f: Filter): boolean {
  const v = JSON.parse(row.config) as LayerView;
  if (f.CompatibleRuntime && !(v.CompatibleRuntimes ?? []).includes(f.CompatibleRuntime)) return false;
  if (f.CompatibleArchitecture && !(v.CompatibleArchitectures ?? []).includes(f.CompatibleArchitecture)) return false;
  return true;
}

export const listLayers = lambdaOperation<Filter, { Layers: { LayerName: string; LayerArn: string; LatestMatchingVersion: LayerView }[]; NextMarker?: string }>({
  name: "ListLayers",
  handle(input, ctx, rt) {
    const limit = maxItems(input.MaxItems);
    const layers: { LayerName: string; LayerArn: string; LatestMatchingVersion: LayerView }[] = [];
    for (const { name } of rt.stmts.listLayerNames.all(ctx.accountId, ctx.region, input.Marker ?? "")) {
      const latest = rt.stmts.listLayerVersions.all(ctx.accountId, ctx.region, name).find((r) => matches(r, input));
      if (!latest) continue;
      if (layers.length === limit) return { Layers: layers, NextMarker: layers[layers.length - 1]!.LayerName };
      layers.push({ LayerName: name, LayerArn: layerArn(ctx, name), LatestMatchingVersion: layerView(ctx.endpoint, latest, false) });
    }
    return { Layers: layers };
  },
});

export const listLayerVersions = lambdaOperation<Filter & { LayerName: string }, { LayerVersions: LayerView[]; NextMarker?: string }>({
  name: "ListLayerVersions",
  handle(input, ctx, rt) {
    const { scope, name } = parseLayerName(ctx, input.LayerName);
    const limit = maxItems(input.MaxItems);
    const after = input.Marker !== undefined ? Number(input.Marker) : Infinity;
    const rows = rt.stmts.listLayerVersions.all(scope.accountId, scope.region, name).filter((r) => r.version < after && matches(r, input));
    const page = rows.slice(0, limit).map((r) => layerView(ctx.endpoint, r, false));
    return { LayerVersions: page, ...(rows.length > limit ? { NextMarker: String(page[page.length - 1]!.Version) } : {}) };
  },
});
