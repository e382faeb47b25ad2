import type { AliasConfiguration } from "@aws-sdk/client-lambda";
import { randomUUID } from "node:crypto";
import { lambdaOperation } from "../state.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { checkAliasName, checkRouting, checkVersion, type AliasInput } from "../alias-lookup.js";

export const createAlias = lambdaOperation<AliasInput, AliasConfiguration>({
  name: "CreateAlias",
  handle(input, ctx, rt) {
    checkAliasName(input.Name);
    const f = rt.resolve(ctx, input.FunctionName);
    if (!input.FunctionVersion) throw validationErrors(["Value null at 'functionVersion' failed to satisfy constraint: Member must not be null"]);
    checkVersion(rt, ctx, f.name, input.FunctionVersion);
    checkRouting(rt, ctx, f.name, input.RoutingConfig);
    if (rt.stmts.getAlias.get(ctx.accountId, ctx.region, f.name, input.Name)) {
      throw lambdaErrors.conflict(`Alias already exists: ${rt.functionArn(ctx, f.name, input.Name)}`);
    }
    const config: AliasConfiguration = {
      AliasArn: rt.functionArn(ctx, f.name, input.Name),
      Name: input.Name,
      FunctionVersion: input.FunctionVersion,
      Description: input.Description ?? "",
      ...(input.RoutingConfig ? { RoutingConfig: input.RoutingConfig } : {}),
      RevisionId: randomUUID(),
    };
    rt.stmts.putAlias.run(ctx.accountId, ctx.region, f.name, input.Name, JSON.stringify(config));
    return config;
  },
});
