import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { notFound, urlView, type UrlConfig } from "../function-urls.js";

interface Target {
  FunctionName: string;
  Qualifier?: string;
}

export const getFunctionUrlConfig = lambdaOperation<Target, UrlConfig>({
  name: "GetFunctionUrlConfig",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const row = rt.stmts.getUrl.get(ctx.accountId, ctx.region, f.name, f.qualifier ?? "$LATEST");
    if (!row) throw notFound();
    return urlView(row);
  },
});

export const deleteFunctionUrlConfig = lambdaOperation<Target, void>({
  name: "DeleteFunctionUrlConfig",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const qualifier = f.qualifier ?? "$LATEST";
    if (!rt.stmts.getUrl.get(ctx.accountId, ctx.region, f.name, qualifier)) throw notFound();
    rt.stmts.deleteUrl.run(ctx.accountId, ctx.region, f.name, qualifier);
  },
});

export const listFunctionUrlConfigs = lambdaOperation<{ FunctionName: string; Marker?: string; MaxItems?: number }, { FunctionUrlConfigs: UrlConfig[]; NextMarker?: string }>({
  name: "ListFunctionUrlConfigs",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName);
    const limit = input.MaxItems ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      throw lambdaErrors.validation(`1 validation error detected: Value '${limit}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50`);
    }
    const rows = rt.stmts.listUrls.all(ctx.accountId, ctx.region, f.name).filter((r) => input.Marker === undefined || r.qualifier > input.Marker);
    const page = rows.slice(0, limit);
    return { FunctionUrlConfigs: page.map(urlView), ...(rows.length > limit ? { NextMarker: page[page.length - 1]!.qualifier } : {}) };
  },
});
