import type { AliasConfiguration } from "@aws-sdk/client-lambda";
import { defineOperation } from "../../core/service.js";
import { runtimeOf } from "../runtime.js";
import { getAliasOrThrow } from "../alias-lookup.js";

export const getAlias = defineOperation<{ FunctionName: string; Name: string }, AliasConfiguration>({
  name: "GetAlias",
  http: { method: "GET", path: "/2015-03-31/functions/{FunctionName}/aliases/{Name}" },
  handle(input, ctx) {
    return getAliasOrThrow(runtimeOf(ctx), ctx, input.FunctionName, input.Name).config;
  },
});
