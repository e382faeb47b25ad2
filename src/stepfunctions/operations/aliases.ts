/** State machine aliases: a name routing executions to one or two versions by weight. */
import type { RequestContext } from "../../core/context.js";
import { parseMachineArn } from "../arns.js";
import type { Engine } from "../engine/engine.js";
import { constraint, sfnErrors } from "../errors.js";
import type { AliasRow } from "../store.js";

export interface Route {
  stateMachineVersionArn: string;
  weight: number;
}

export function checkRouting(engine: Engine, ctx: RequestContext, routing: unknown): { machineArn: string; routes: Route[] } {
  if (!Array.isArray(routing) || routing.length < 1 || routing.length > 2)
    throw constraint("routingConfiguration", JSON.stringify(routing ?? null), "Member must have length less than or equal to 2");
  const routes = routing as Route[];
  let machineArn: string | undefined;
  for (const r of routes) {
    const ref = parseMachineArn(String(r.stateMachineVersionArn));
    if (ref.qualifier === undefined || !/^\d+$/.test(ref.qualifier)) throw sfnErrors.invalidArn(String(r.stateMachineVersionArn));
    if (machineArn !== undefined && machineArn !== ref.machineArn) throw sfnErrors.validation("Routing configuration must contain state machine versions of the same state machine.");
    machineArn = ref.machineArn;
    if (!engine.store.version.get(r.stateMachineVersionArn) || ref.accountId !== ctx.accountId) throw sfnErrors.resourceNotFound(r.stateMachineVersionArn);
    if (!Number.isInteger(r.weight) || r.weight < 0 || r.weight > 100) throw constraint("weight", r.weight, "Member must have value less than or equal to 100");
  }
  if (routes.reduce((s, r) => s + r.weight, 0) !== 100) throw sfnErrors.validation("Sum of routing configuration weights must be equal to 100.");
  if (routes.length === 2 && routes[0]!.stateMachineVersionArn === routes[1]!.stateMachineVersionArn)
    throw sfnErrors.validation("Routing configuration must contain distinct state machine version ARNs.");
  return { machineArn: machineArn!, routes };
}

export function requireAlias(engine: Engine, arn: string): AliasRow {
  const ref = parseMachineArn(arn);
  if (ref.qualifier === undefined || /^\d+$/.test(ref.qualifier)) throw sfnErrors.invalidArn(arn);
  const alias = engine.store.alias.get(arn);
  if (!alias) throw sfnErrors.resourceNotFound(arn);
  return alias;
}

export function describeAlias(alias: AliasRow): Record<string, unknown> {
  return {
    stateMachineAliasArn: alias.arn,
    name: alias.name,
    ...(alias.description ? { description: alias.description } : {}),
    routingConfiguration: JSON.parse(alias.routing) as Route[],
    creationDate: new Date(alias.created),
    updateDate: new Date(alias.updated),
  };
}
