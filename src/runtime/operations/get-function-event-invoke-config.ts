import { lambdaOperation } from "../state.js";
import type { EventInvokeConfig } from "../destinations.js";
import { lambdaErrors } from "../errors.js";
import { invokeConfigView, type InvokeConfigInput, type InvokeConfigOutput } from "../event-invoke-configs.js";

export const getFunctionEventInvokeConfig = lambdaOperation<InvokeConfigInput, InvokeConfigOutput>({
  name: "GetFunctionEventInvokeConfig",
  handle(input, ctx, rt) {
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const row = rt.stmts.getInvokeConfig.get(ctx.accountId, ctx.region, f.name, f.qualifier ?? "$LATEST");
    if (!row) throw lambdaErrors.resourceNotFound(`The function ${f.unqualifiedArn}:${f.qualifier ?? "$LATEST"} doesn't have an EventInvokeConfig`);
    return invokeConfigView(f, JSON.parse(row.config) as EventInvokeConfig);
  },
});
