import { defineOperation } from "../../core/service.js";
import { parseArn } from "../../core/arn.js";
import type { RequestContext } from "../../core/context.js";
import { lambdaErrors } from "../errors.js";
import { runtimeOf, type Runtime } from "../runtime.js";
import type { FunctionRow } from "../store.js";

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

export const tagResource = defineOperation<{ Resource: string; Tags?: Record<string, string> }, Record<string, never>>({
  name: "TagResource",
  http: { method: "POST", path: "/2017-03-31/tags/{Resource}", status: 204 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const row = taggedFunction(rt, ctx, input.Resource);
    const tags = { ...(JSON.parse(row.tags) as Record<string, string>), ...(input.Tags ?? {}) };
    validateTags(tags);
    rt.stmts.setTags.run(JSON.stringify(tags), ctx.accountId, ctx.region, row.name);
    return {};
  },
});

export const untagResource = defineOperation<{ Resource: string; TagKeys?: string[] }, Record<string, never>>({
  name: "UntagResource",
  http: { method: "DELETE", path: "/2017-03-31/tags/{Resource}", query: { tagKeys: "TagKeys:list" }, status: 204 },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const row = taggedFunction(rt, ctx, input.Resource);
    const tags = JSON.parse(row.tags) as Record<string, string>;
    for (const k of input.TagKeys ?? []) delete tags[k];
    rt.stmts.setTags.run(JSON.stringify(tags), ctx.accountId, ctx.region, row.name);
    return {};
  },
});

export const listTags = defineOperation<{ Resource: string }, { Tags: Record<string, string> }>({
  name: "ListTags",
  http: { method: "GET", path: "/2017-03-31/tags/{Resource}" },
  handle(input, ctx) {
    const rt = runtimeOf(ctx);
    const row = taggedFunction(rt, ctx, input.Resource);
    return { Tags: JSON.parse(row.tags) as Record<string, string> };
  },
});
