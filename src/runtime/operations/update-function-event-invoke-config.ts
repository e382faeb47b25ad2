import { defineOperation } from "../../core/service.js";
import { invokeConfigHttp, saveInvokeConfig, type InvokeConfigInput, type InvokeConfigOutput } from "../event-invoke-configs.js";

export const updateFunctionEventInvokeConfig = defineOperation<InvokeConfigInput, InvokeConfigOutput>({
  name: "UpdateFunctionEventInvokeConfig",
  http: invokeConfigHttp("POST"),
  handle: (input, ctx) => saveInvokeConfig(input, ctx, true),
});
