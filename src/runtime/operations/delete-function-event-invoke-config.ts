import { defineOperation } from "../../core/service.js";
import { lambdaErrors } from "../errors.js";
import { runtimeOf } from "../runtime.js";
import { invokeConfigHttp, type InvokeConfigInput } from "../event-invoke-configs.js";

export const deleteFunctionEventInvokeConfig = defineOperation<InvokeConfigInput, Record<string, never>>({
  name: "DeleteFunctionEventInvokeConfig",
  http: invokeConfigHttp("DELETE", 204),
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const q = f.qualifier ?? "$LATEST";
    if (!rt.stmts.getInvokeConfig.get(ctx.accountId, ctx.region, f.name, q)) {
      throw lambdaErrors.resourceNotFound(`The function ${f.unqualifiedArn}:${q} doesn't have an EventInvokeConfig`);
    }
    rt.stmts.deleteInvokeConfig.run(ctx.accountId, ctx.region, f.name, q);
    return {};
  },
});
