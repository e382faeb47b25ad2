import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../core/service.js";
import { runtimeOf } from "../runtime.js";

export const getFunctionConfiguration = defineOperation<{ FunctionName: string; Qualifier?: string }, FunctionConfiguration>({
  name: "GetFunctionConfiguration",
  http: { method: "GET", path: "/2015-03-31/functions/{FunctionName}/configuration", query: { Qualifier: "Qualifier" } },
  handle(input, ctx) {
    return runtimeOf(ctx).resolve(ctx, input.FunctionName, input.Qualifier).config;
  },
});
