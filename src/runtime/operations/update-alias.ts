import type { AliasConfiguration } from "@aws-sdk/client-lambda";
import { randomUUID } from "node:crypto";
import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { checkRouting, checkVersion, getAliasOrThrow, type AliasInput } from "../alias-lookup.js";

export const updateAlias = lambdaOperation<AliasInput, AliasConfiguration>({
  name: "UpdateAlias",
  handle(input, ctx, rt) {
    const { name, config } = getAliasOrThrow(rt, ctx, input.FunctionName, input.Name);
    if (input.RevisionId && input.RevisionId !== config.RevisionId) {
      throw lambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
    }
    if (input.FunctionVersion) checkVersion(rt, ctx, name, input.FunctionVersion);
    checkRouting(rt, ctx, name, input.RoutingConfig);
    const next: AliasConfiguration = {
      ...config,
      ...(input.FunctionVersion ? { FunctionVersion: input.FunctionVersion } : {}),
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      ...(input.RoutingConfig ? { RoutingConfig: input.RoutingConfig } : {}),
      RevisionId: randomUUID(),
    };
    rt.stmts.putAlias.run(ctx.accountId, ctx.region, name, input.Name, JSON.stringify(next));
    return next;
  },
});
