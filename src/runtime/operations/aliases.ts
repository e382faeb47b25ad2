import type { AliasConfiguration } from "@aws-sdk/client-lambda";
import { randomUUID } from "node:crypto";
import { defineOperation } from "../../core/service.js";
import type { RequestContext } from "../../core/context.js";
import { lambdaErrors, validationErrors } from "../errors.js";
import { ALIAS_RE } from "../names.js";
import { runtimeOf, type Runtime } from "../runtime.js";

interface AliasInput {
  FunctionName: string;
  Name: string;
  FunctionVersion?: string;
  Description?: string;
  RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
  RevisionId?: string;
}

function checkVersion(rt: Runtime, ctx: RequestContext, name: string, version: string): void {
  if (version !== "$LATEST" && !rt.stmts.getVersion.get(ctx.accountId, ctx.region, name, version)) {
    throw lambdaErrors.resourceNotFound(`Function not found: ${rt.functionArn(ctx, name, version)}`);
  }
}

function checkAliasName(name: string): void {
  if (!ALIAS_RE.test(name) || name.length > 128) {
    throw validationErrors([`Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)`]);
  }
}

function getAliasOrThrow(rt: Runtime, ctx: RequestContext, fn: string, alias: string): { name: string; config: AliasConfiguration } {
  const f = rt.resolve(ctx, fn);
  const row = rt.stmts.getAlias.get(ctx.accountId, ctx.region, f.name, alias);
  if (!row) throw lambdaErrors.resourceNotFound(`Cannot find alias arn: ${rt.functionArn(ctx, f.name, alias)}`);
  return { name: f.name, config: JSON.parse(row.config) as AliasConfiguration };
}

export const createAlias = defineOperation<AliasInput, AliasConfiguration>({
  name: "CreateAlias",
  http: { method: "POST", path: "/2015-03-31/functions/{FunctionName}/aliases", status: 201 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    checkAliasName(input.Name);
    const f = rt.resolve(ctx, input.FunctionName);
    if (!input.FunctionVersion) throw validationErrors(["Value null at 'functionVersion' failed to satisfy constraint: Member must not be null"]);
    checkVersion(rt, ctx, f.name, input.FunctionVersion);
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

export const getAlias = defineOperation<{ FunctionName: string; Name: string }, AliasConfiguration>({
  name: "GetAlias",
  http: { method: "GET", path: "/2015-03-31/functions/{FunctionName}/aliases/{Name}" },
  handle(input, ctx) {
    return getAliasOrThrow(runtimeOf(ctx), ctx, input.FunctionName, input.Name).config;
  },
});

export const updateAlias = defineOperation<AliasInput, AliasConfiguration>({
  name: "UpdateAlias",
  http: { method: "PUT", path: "/2015-03-31/functions/{FunctionName}/aliases/{Name}" },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const { name, config } = getAliasOrThrow(rt, ctx, input.FunctionName, input.Name);
    if (input.RevisionId && input.RevisionId !== config.RevisionId) {
      throw lambdaErrors.preconditionFailed("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
    }
    if (input.FunctionVersion) checkVersion(rt, ctx, name, input.FunctionVersion);
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

export const deleteAlias = defineOperation<{ FunctionName: string; Name: string }, Record<string, never>>({
  name: "DeleteAlias",
  http: { method: "DELETE", path: "/2015-03-31/functions/{FunctionName}/aliases/{Name}", status: 204 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const f = rt.resolve(ctx, input.FunctionName);
    rt.stmts.deleteAlias.run(ctx.accountId, ctx.region, f.name, input.Name);
    return {};
  },
});

export const listAliases = defineOperation<{ FunctionName: string; FunctionVersion?: string; Marker?: string; MaxItems?: number }, { Aliases: AliasConfiguration[]; NextMarker?: string }>({
  name: "ListAliases",
  http: { method: "GET", path: "/2015-03-31/functions/{FunctionName}/aliases", query: { FunctionVersion: "FunctionVersion", Marker: "Marker", MaxItems: "MaxItems:number" } },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const f = rt.resolve(ctx, input.FunctionName);
    const max = Math.min(input.MaxItems ?? 50, 10000);
    const all = rt.stmts.listAliases
      .all(ctx.accountId, ctx.region, f.name, input.Marker ?? "", 100000)
      .map((r) => JSON.parse(r.config) as AliasConfiguration)
      .filter((a) => !input.FunctionVersion || a.FunctionVersion === input.FunctionVersion);
    const page = all.slice(0, max);
    return { Aliases: page, ...(all.length > max ? { NextMarker: page[page.length - 1]!.Name } : {}) };
  },
});
