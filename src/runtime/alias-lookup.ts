/** Alias lookups and checks shared by the alias operations. */
import type { AliasConfiguration } from "@aws-sdk/client-lambda";
import type { RequestContext } from "../core/context.js";
import { lambdaErrors, validationErrors } from "./errors.js";
import { ALIAS_RE } from "./names.js";
import type { Runtime } from "./runtime.js";

export interface AliasInput {
  FunctionName: string;
  Name: string;
  FunctionVersion?: string;
  Description?: string;
  RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
  RevisionId?: string;
}

export function checkVersion(rt: Runtime, ctx: RequestContext, name: string, version: string): void {
  if (version !== "$LATEST" && !rt.stmts.getVersion.get(ctx.accountId, ctx.region, name, version)) {
    throw lambdaErrors.resourceNotFound(`Function not found: ${rt.functionArn(ctx, name, version)}`);
  }
}

export function checkAliasName(name: string): void {
  if (!ALIAS_RE.test(name) || name.length > 128) {
    throw validationErrors([`Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)`]);
  }
}

export function getAliasOrThrow(rt: Runtime, ctx: RequestContext, fn: string, alias: string): { name: string; config: AliasConfiguration } {
  const f = rt.resolve(ctx, fn);
  const row = rt.stmts.getAlias.get(ctx.accountId, ctx.region, f.name, alias);
  if (!row) throw lambdaErrors.resourceNotFound(`Cannot find alias arn: ${rt.functionArn(ctx, f.name, alias)}`);
  return { name: f.name, config: JSON.parse(row.config) as AliasConfiguration };
}

/** Routing weights name published versions and lie in [0, 1]. */
export function checkRouting(rt: Runtime, ctx: RequestContext, name: string, routing: AliasInput["RoutingConfig"]): void {
  for (const [version, weight] of Object.entries(routing?.AdditionalVersionWeights ?? {})) {
    if (!(weight >= 0 && weight <= 1)) {
      throw validationErrors([`Value '${weight}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]`]);
    }
    checkVersion(rt, ctx, name, version);
  }
}
