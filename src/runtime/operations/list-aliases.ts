import type { AliasConfiguration } from "@aws-sdk/client-lambda";
import { lambdaOperation } from "../state.js";

export const listAliases = lambdaOperation<{ FunctionName: string; FunctionVersion?: string; Marker?: string; MaxItems?: number }, { Aliases: AliasConfiguration[]; NextMarker?: string }>({
  name: "ListAliases",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName);
    const max = Math.min(input.MaxItems ?? 50, 10000);
    const all = rt.stmts.listAliases
      .all(ctx.accountId, ctx.region, f.name, input.Marker ?? "", 100000)
      .map((r) => JSON.parse(r.config) as AliasConfiguration)
      .filter((a) => !input.FunctionVersion || a.FunctionVersion === input.FunctionVersion);
    const page = all.slice(0, max);
    return { Aliases: page, ...(all.length > max ? { NextMarker: page[page.length - 1]!.Name } : {}) };
  },
});
