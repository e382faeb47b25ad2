/** A stage's cache cluster settings and the operations that empty its caches (FlushStageCache, FlushStageAuthorizersCache). */
import type { RequestContext } from "../../core/context.js";
import { docs, op } from "../control.js";
import { errors } from "../errors.js";
import { stageCacheKey } from "../invoke/stage-cache.js";
import { restApiOf, type Stage } from "./model.js";
import { gatewayOf } from "../context.js";

const CLUSTER_SIZES = new Set(["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]);

/** An enabled cache cluster has a size (0.5 GB unless given), one of AWS's. */
export function checkCacheCluster(stage: Stage): void {
  if (stage.cacheClusterSize !== undefined && !CLUSTER_SIZES.has(stage.cacheClusterSize)) {
    throw errors.badRequest(`Invalid cache cluster size specified: ${stage.cacheClusterSize}`);
  }
  if (stage.cacheClusterEnabled) stage.cacheClusterSize ??= "0.5";
}

export function flushStageCache(ctx: RequestContext, apiId: string, stageName: string): void {
  gatewayOf(ctx).data.responses.flush(stageCacheKey(ctx.accountId, ctx.region, apiId, stageName));
}

function stageOf(ctx: RequestContext, apiId: string, name: unknown): Stage {
  const stage = docs(ctx).get<Stage>(ctx, "stage", apiId, String(name));
  if (!stage) throw errors.invalidStage();
  return stage;
}

export const stageCacheOperations = [
  op("FlushStageCache", "DELETE", "/restapis/{restapi_id}/stages/{stage_name}/cache/data", (input, ctx) => {
    const stage = stageOf(ctx, restApiOf(ctx, input.restapi_id).id, input.stage_name);
    flushStageCache(ctx, String(input.restapi_id), stage.stageName);
  }, { status: 202 }),
  op("FlushStageAuthorizersCache", "DELETE", "/restapis/{restapi_id}/stages/{stage_name}/cache/authorizers", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    stageOf(ctx, api.id, input.stage_name);
    const cache = gatewayOf(ctx).data.authorizations;
    for (const key of [...cache.keys()]) if (key.startsWith(`${api.id}/`)) cache.delete(key);
  }, { status: 202 }),
];
