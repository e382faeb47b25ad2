/** Tag limits and the function a tagging ARN names. */
import { parseArn } from "../core/arn.js";
import type { RequestContext } from "../core/context.js";
import { lambdaErrors } from "./errors.js";
import type { Runtime } from "./runtime.js";
import type { FunctionRow } from "./store.js";

export function validateTags(tags: Record<string, string>): void {
  if (Object.keys(tags).length > 50) throw lambdaErrors.invalidParameter("Number of tags exceeds resource tag limit.");
}

/** TagResource/UntagResource/ListTags name a function by its unqualified ARN. */
export function taggedFunction(rt: Runtime, ctx: RequestContext, resource: string): FunctionRow {
  const arn = parseArn(resource);
  const m = arn && /^function:([a-zA-Z0-9-_]+)$/.exec(arn.resource);
  if (!arn || arn.service !== "lambda") throw lambdaErrors.validation(`1 validation error detected: Value '${resource}' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`);
  if (!m) throw lambdaErrors.invalidParameter("Tags on function aliases and versions are not supported. Please specify a function ARN.");
  const row = rt.functionRow(ctx, m[1]!);
  if (!row) throw lambdaErrors.functionNotFound(resource);
  return row;
}
