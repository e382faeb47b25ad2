import { defineOperation } from "../../core/service.js";
import { invokeConfigHttp, saveInvokeConfig, type InvokeConfigInput, type InvokeConfigOutput } from "../event-invoke-configs.js";

export const putFunctionEventInvokeConfig = defineOperation<InvokeConfigInput, InvokeConfigOutput>({
  name: "PutFunctionEventInvokeConfig",
  http: invokeConfigHttp("PUT"),
  handle: (input, ctx) => saveInvokeConfig(input, ctx, false),
});
