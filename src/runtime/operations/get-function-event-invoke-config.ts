import { defineOperation } from "../../core/service.js";
import type { EventInvokeConfig } from "../destinations.js";
import { lambdaErrors } from "../errors.js";
import { runtimeOf } from "../runtime.js";
import { invokeConfigHttp, invokeConfigView, type InvokeConfigInput, type InvokeConfigOutput } from "../event-invoke-configs.js";

export const getFunctionEventInvokeConfig = defineOperation<InvokeConfigInput, InvokeConfigOutput>({
  name: "GetFunctionEventInvokeConfig",
  http: invokeConfigHttp("GET"),
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const row = rt.stmts.getInvokeConfig.get(ctx.accountId, ctx.region, f.name, f.qualifier ?? "$LATEST");
    if (!row) throw lambdaErrors.resourceNotFound(`The function ${f.unqualifiedArn}:${f.qualifier ?? "$LATEST"} doesn't have an EventInvokeConfig`);
    return invokeConfigView(f, JSON.parse(row.config) as EventInvokeConfig);
  },
});
