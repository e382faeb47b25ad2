import { lambdaOperation } from "../state.js";
import { invokeConfigHttp, saveInvokeConfig, type InvokeConfigInput, type InvokeConfigOutput } from "../event-invoke-configs.js";

export const putFunctionEventInvokeConfig = lambdaOperation<InvokeConfigInput, InvokeConfigOutput>({
  name: "PutFunctionEventInvokeConfig",
  http: invokeConfigHttp("PUT"),
  handle: (input, ctx, rt) => saveInvokeConfig(rt, input, ctx, false),
});
