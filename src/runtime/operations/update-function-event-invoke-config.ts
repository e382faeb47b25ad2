import { lambdaOperation } from "../state.js";
import { saveInvokeConfig, type InvokeConfigInput, type InvokeConfigOutput } from "../event-invoke-configs.js";

export const updateFunctionEventInvokeConfig = lambdaOperation<InvokeConfigInput, InvokeConfigOutput>({
  name: "UpdateFunctionEventInvokeConfig",
  handle: (input, ctx, rt) => saveInvokeConfig(rt, input, ctx, true),
});
