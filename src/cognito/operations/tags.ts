/** TagResource, UntagResource, ListTagsForResource (user pool ARNs; the pool's UserPoolTags). */
import { errors } from "../errors.js";
import { loadPool, savePool, type Json, type Pool } from "../model.js";
import type { RequestContext } from "../../core/context.js";
import { cognitoOperation, type CognitoState } from "../state.js";

function poolOfArn(state: CognitoState, ctx: RequestContext, arn: unknown): Pool {
  const m = typeof arn === "string" ? /^arn:aws:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/([\w-]+_[0-9a-zA-Z]+)$/.exec(arn) : null;
  if (!m) throw errors.invalidParameter(`Invalid ARN: ${String(arn)}`);
  try {
    const pool = loadPool(state, m[1]);
    if (pool.Arn !== arn) throw errors.poolNotFound(m[1]!);
    return pool;
  } catch {
    throw errors.resourceNotFound(`Resource ${arn as string} does not exist.`);
  }
}

export const tagResource = cognitoOperation<Json, Record<string, never>>({
  name: "TagResource",
  handle(input, ctx, state) {
    const pool = poolOfArn(state, ctx, input.ResourceArn);
    const tags = (input.Tags ?? {}) as Record<string, unknown>;
    const merged: Record<string, string> = { ...(pool.UserPoolTags ?? {}) };
    for (const [k, v] of Object.entries(tags)) merged[k] = String(v);
    if (Object.keys(merged).length > 50) throw errors.invalidParameter("The number of tags exceeds the maximum of 50.");
    pool.UserPoolTags = merged;
    savePool(state, pool);
    return {};
  },
});

export const untagResource = cognitoOperation<Json, Record<string, never>>({
  name: "UntagResource",
  handle(input, ctx, state) {
    const pool = poolOfArn(state, ctx, input.ResourceArn);
    const tags: Record<string, string> = { ...(pool.UserPoolTags ?? {}) };
    for (const k of Array.isArray(input.TagKeys) ? input.TagKeys : []) if (typeof k === "string") delete tags[k];
    pool.UserPoolTags = tags;
    savePool(state, pool);
    return {};
  },
});

export const listTagsForResource = cognitoOperation<Json, Json>({
  name: "ListTagsForResource",
  handle(input, ctx, state) {
    return { Tags: poolOfArn(state, ctx, input.ResourceArn).UserPoolTags ?? {} };
  },
});
