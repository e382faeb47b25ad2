import type { AliasConfiguration } from "@aws-sdk/client-lambda";
import { lambdaOperation } from "../state.js";
import { getAliasOrThrow } from "../alias-lookup.js";

export const getAlias = lambdaOperation<{ FunctionName: string; Name: string }, AliasConfiguration>({
  name: "GetAlias",
  handle(input, ctx, rt) {
    return getAliasOrThrow(rt, ctx, input.FunctionName, input.Name).config;
  },
});
