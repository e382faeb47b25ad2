import { lambdaOperation } from "../state.js";
import { saveInvokeConfig, type InvokeConfigInput, type InvokeConfigOutput } from "../event-invoke-configs.js";

export const putFunctionEventInvokeConfig = lambdaOperation<InvokeConfigInput, InvokeConfigOutput>({
  name: "PutFunctionEventInvokeConfig",
  handle: (input, ctx, rt) => saveInvokeConfig(rt, input, ctx, false),
});
