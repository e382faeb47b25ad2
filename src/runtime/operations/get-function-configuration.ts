import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import { lambdaOperation } from "../state.js";

export const getFunctionConfiguration = lambdaOperation<{ FunctionName: string; Qualifier?: string }, FunctionConfiguration>({
  name: "GetFunctionConfiguration",
  handle(input, ctx, rt) {
    return rt.resolve(ctx, input.FunctionName, input.Qualifier).config;
  },
});
