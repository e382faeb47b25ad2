/** Deployments (snapshots of the API) and stages (named pointers to a deployment, with settings). */
import type { RequestContext } from "../../core/context.js";
import { applyPatch, docs, newId, nowSeconds, op, page, pageQuery, required, str, type Input } from "../control.js";
import { errors } from "../errors.js";
import { checkCacheCluster, flushStageCache } from "./stage-cache.js";
import { restApiOf, snapshotOf, type Snapshot, type Stage } from "./model.js";

const STAGE_NAME = /^[a-zA-Z0-9_]+$/;

interface Deployment {
  id: string;
  description?: string;
  createdDate: number;
}

const METHOD_SETTING_DEFAULTS = {
  metricsEnabled: false,
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: "SUCCEED_WITH_RESPONSE_HEADER",
};

const SETTING_NAMES: Record<string, string> = {
  "throttling/rateLimit": "throttlingRateLimit",
  "throttling/burstLimit": "throttlingBurstLimit",
  "caching/enabled": "cachingEnabled",
  "caching/ttlInSeconds": "cacheTtlInSeconds",
  "caching/dataEncrypted": "cacheDataEncrypted",
  "caching/requireAuthorizationForCacheControl": "requireAuthorizationForCacheControl",
  "caching/unauthorizedCacheControlHeaderStrategy": "unauthorizedCacheControlHeaderStrategy",
  "metrics/enabled": "metricsEnabled",
  "logging/loglevel": "loggingLevel",
  "logging/dataTrace": "dataTraceEnabled",
};

export function createDeployment(ctx: RequestContext, apiId: string, input: Input): Deployment {
  const api = restApiOf(ctx, apiId);
  const store = docs(ctx);
  const snapshot = snapshotOf(store, ctx, api);
  const methods = snapshot.resources.flatMap((r) => Object.values(r.resourceMethods ?? {}));
  if (methods.length === 0) throw errors.badRequest("The REST API doesn't contain any methods");
  if (methods.some((m) => !m.methodIntegration)) throw errors.badRequest("No integration defined for method");
  const deployment: Deployment = { id: newId(), createdDate: nowSeconds(ctx) };
  if (str(input, "description") !== undefined) deployment.description = str(input, "description");
  const stageName = str(input, "stageName");
  store.txn(() => {
    store.put(ctx, "deployment", api.id, deployment.id, deployment, snapshot);
    if (!stageName) return;
    const existing = store.get<Stage>(ctx, "stage", api.id, stageName);
    if (existing) {
      existing.deploymentId = deployment.id;
      existing.lastUpdatedDate = nowSeconds(ctx);
      if (input.variables && typeof input.variables === "object") existing.variables = { ...existing.variables, ...(input.variables as Record<string, string>) };
      store.put(ctx, "stage", api.id, stageName, existing);
    } else {
      saveNewStage(ctx, api.id, { stageName, deploymentId: deployment.id, description: input.stageDescription, variables: input.variables, cacheClusterEnabled: input.cacheClusterEnabled, cacheClusterSize: input.cacheClusterSize, tracingEnabled: input.tracingEnabled });
    }
  });
  return deployment;
}

function saveNewStage(ctx: RequestContext, apiId: string, input: Input): Stage {
  const stageName = required(input, "stageName", "stage name");
  if (!STAGE_NAME.test(stageName)) throw errors.badRequest("Stage name only allows a-zA-Z0-9_");
  const store = docs(ctx);
  if (store.get(ctx, "stage", apiId, stageName)) throw errors.conflict("Stage already exists");
  const deploymentId = required(input, "deploymentId", "deployment id");
  if (!store.get(ctx, "deployment", apiId, deploymentId)) throw errors.badRequest("Invalid deployment identifier specified");
  const now = nowSeconds(ctx);
  const stage: Stage = {
    deploymentId,
    stageName,
    createdDate: now,
    lastUpdatedDate: now,
    methodSettings: {},
    cacheClusterEnabled: input.cacheClusterEnabled === true,
    cacheClusterStatus: input.cacheClusterEnabled === true ? "AVAILABLE" : "NOT_AVAILABLE",
    tracingEnabled: input.tracingEnabled === true,
  };
  if (typeof input.description === "string") stage.description = input.description;
  if (input.variables && typeof input.variables === "object") stage.variables = { ...(input.variables as Record<string, string>) };
  if (typeof input.cacheClusterSize === "string") stage.cacheClusterSize = input.cacheClusterSize;
  checkCacheCluster(stage);
  if (input.tags && typeof input.tags === "object") stage.tags = input.tags as Record<string, string>;
  store.put(ctx, "stage", apiId, stageName, stage);
  return stage;
}

export function deploymentSnapshot(ctx: RequestContext, apiId: string, deploymentId: string): Snapshot | undefined {
  return docs(ctx).extra<Snapshot>(ctx, "deployment", apiId, deploymentId);
}

function stageOf(ctx: RequestContext, apiId: string, name: unknown): Stage {
  const stage = docs(ctx).get<Stage>(ctx, "stage", apiId, String(name));
  if (!stage) throw errors.invalidStage();
  return stage;
}

/** `/{resourcePath}/{method}/{group}/{setting}` paths edit `methodSettings`, keyed `resourcePath/METHOD`. */
function patchStage(stage: Stage, ops: unknown): void {
  applyPatch(stage as unknown as Record<string, unknown>, ops, (path) => {
    if (path.length === 4) {
      const key = `${path[0]!.replace(/^\//, "")}/${path[1]}`;
      const setting = SETTING_NAMES[`${path[2]}/${path[3]}`];
      if (!setting) throw errors.badRequest(`Invalid method setting path: /${path.join("/")}`);
      stage.methodSettings[key] ??= { ...METHOD_SETTING_DEFAULTS };
      return ["methodSettings", key, setting];
    }
    if (path[0] === "cacheClusterEnabled") stage.cacheClusterStatus = "AVAILABLE";
    return path;
  });
  if (stage.cacheClusterEnabled === false) stage.cacheClusterStatus = "NOT_AVAILABLE";
}

export const stageOperations = [
  op("CreateDeployment", "POST", "/restapis/{restapi_id}/deployments", (input, ctx) => createDeployment(ctx, String(input.restapi_id), input)),
  op("GetDeployments", "GET", "/restapis/{restapi_id}/deployments", (input, ctx) => page(docs(ctx).list<Deployment>(ctx, "deployment", restApiOf(ctx, input.restapi_id).id), input), { query: pageQuery }),
  op("GetDeployment", "GET", "/restapis/{restapi_id}/deployments/{deployment_id}", (input, ctx) => {
    const deployment = docs(ctx).get<Deployment>(ctx, "deployment", restApiOf(ctx, input.restapi_id).id, String(input.deployment_id));
    if (!deployment) throw errors.notFound("Invalid Deployment identifier specified");
    return deployment;
  }),
  op("DeleteDeployment", "DELETE", "/restapis/{restapi_id}/deployments/{deployment_id}", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    const store = docs(ctx);
    if (store.list<Stage>(ctx, "stage", api.id).some((s) => s.deploymentId === input.deployment_id)) {
      throw errors.badRequest("Active stages pointing to this deployment must be moved or deleted");
    }
    if (!store.delete(ctx, "deployment", api.id, String(input.deployment_id))) throw errors.notFound("Invalid Deployment identifier specified");
  }, { status: 202 }),
  op("CreateStage", "POST", "/restapis/{restapi_id}/stages", (input, ctx) => saveNewStage(ctx, restApiOf(ctx, input.restapi_id).id, input)),
  op("GetStages", "GET", "/restapis/{restapi_id}/stages", (input, ctx) => {
    const stages = docs(ctx).list<Stage>(ctx, "stage", restApiOf(ctx, input.restapi_id).id);
    return { item: input.deploymentId ? stages.filter((s) => s.deploymentId === input.deploymentId) : stages };
  }, { query: { deploymentId: "deploymentId" } }),
  op("GetStage", "GET", "/restapis/{restapi_id}/stages/{stage_name}", (input, ctx) => stageOf(ctx, restApiOf(ctx, input.restapi_id).id, input.stage_name)),
  op("UpdateStage", "PATCH", "/restapis/{restapi_id}/stages/{stage_name}", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    const stage = stageOf(ctx, api.id, input.stage_name);
    const cluster = `${stage.cacheClusterEnabled}/${stage.cacheClusterSize}`;
    patchStage(stage, input.patchOperations);
    checkCacheCluster(stage);
    // AWS replaces the cache instance when it is turned off or resized: its entries are gone.
    if (`${stage.cacheClusterEnabled}/${stage.cacheClusterSize}` !== cluster) flushStageCache(ctx, api.id, stage.stageName);
    if (!docs(ctx).get(ctx, "deployment", api.id, stage.deploymentId)) throw errors.badRequest("Invalid deployment identifier specified");
    stage.lastUpdatedDate = nowSeconds(ctx);
    docs(ctx).put(ctx, "stage", api.id, stage.stageName, stage);
    return stage;
  }),
  op("DeleteStage", "DELETE", "/restapis/{restapi_id}/stages/{stage_name}", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    if (!docs(ctx).delete(ctx, "stage", api.id, String(input.stage_name))) throw errors.invalidStage();
    flushStageCache(ctx, api.id, String(input.stage_name));
  }, { status: 202 }),
];
