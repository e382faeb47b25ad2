import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";

export const listVersionsByFunction = lambdaOperation<{ FunctionName: string; Marker?: string; MaxItems?: number }, { Versions: FunctionConfiguration[]; NextMarker?: string }>({
  name: "ListVersionsByFunction",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName);
    const max = Math.min(input.MaxItems ?? 50, 50);
    const after = input.Marker ? Number(input.Marker) : -1;
    if (!Number.isInteger(after)) throw lambdaErrors.invalidParameter("Invalid Marker");
    const rows = rt.stmts.versionsOf.all(ctx.accountId, ctx.region, f.name, after, max + 1);
    const page = rows.slice(0, max);
    return {
      Versions: page.map((r) => JSON.parse(r.config) as FunctionConfiguration),
      ...(rows.length > max ? { NextMarker: String(page[page.length - 1]!.seq) } : {}),
    };
  },
});
