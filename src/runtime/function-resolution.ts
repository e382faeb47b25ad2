/** Finding a function by name or ARN, and the version its qualifier (version, alias, $LATEST) points at. */
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import { arns } from "../core/arn.js";
import type { Scope } from "../core/events.js";
import { lambdaErrors } from "./errors.js";
import { parseFunctionRef } from "./names.js";
import type { FunctionRow, Statements } from "./store.js";

export interface ResolvedFunction {
  scope: Scope;
  name: string;
  /** The version that runs ($LATEST or a number). */
  version: string;
  /** What the caller named (alias, version or undefined). */
  qualifier?: string;
  config: FunctionConfiguration;
  codeId: string;
  row: FunctionRow;
  unqualifiedArn: string;
  invokedArn: string;
  /** An alias's AdditionalVersionWeights: each invocation picks its version by weight. */
  routing?: Record<string, number>;
}

/** Throws AWS's ResourceNotFoundException (or InvalidParameterValueException for a qualifier clash). */
export function resolveFunction(stmts: Statements, scope: Scope, fn: string, qualifierParam?: string): ResolvedFunction {
  const ref = parseFunctionRef(fn);
  if (ref.qualifier !== undefined && qualifierParam !== undefined && ref.qualifier !== qualifierParam) {
    throw lambdaErrors.invalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
  }
  const qualifier = qualifierParam ?? ref.qualifier;
  const unqualifiedArn = arns.lambdaFunction(scope.region, scope.accountId, ref.name);
  const row = stmts.getFunction.get(scope.accountId, scope.region, ref.name);
  if (!row) throw lambdaErrors.functionNotFound(qualifier ? `${unqualifiedArn}:${qualifier}` : unqualifiedArn);
  let version = "$LATEST";
  let routing: Record<string, number> | undefined;
  if (qualifier !== undefined && qualifier !== "$LATEST") {
    if (/^[0-9]+$/.test(qualifier)) version = qualifier;
    else {
      const alias = stmts.getAlias.get(scope.accountId, scope.region, ref.name, qualifier);
      if (!alias) throw lambdaErrors.functionNotFound(`${unqualifiedArn}:${qualifier}`);
      const parsed = JSON.parse(alias.config) as { FunctionVersion: string; RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> } };
      version = parsed.FunctionVersion;
      const weights = parsed.RoutingConfig?.AdditionalVersionWeights;
      if (weights && Object.keys(weights).length > 0) routing = weights;
    }
  }
  const v = stmts.getVersion.get(scope.accountId, scope.region, ref.name, version);
  if (!v) throw lambdaErrors.functionNotFound(`${unqualifiedArn}:${qualifier ?? version}`);
  return {
    scope,
    name: ref.name,
    version,
    qualifier,
    config: JSON.parse(v.config) as FunctionConfiguration,
    codeId: v.code_id,
    row,
    unqualifiedArn,
    invokedArn: qualifier ? `${unqualifiedArn}:${qualifier}` : unqualifiedArn,
    ...(routing ? { routing } : {}),
  };
}
