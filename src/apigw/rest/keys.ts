/** API keys, usage plans and usage plan keys (top-level objects, not children of an API). */
import type { RequestContext } from "../../core/context.js";
import { alphanumericId } from "../../core/ids.js";
import { applyPatch, docs, newId, nowSeconds, op, page, pageQuery, str } from "../control.js";
import { errors } from "../errors.js";

export interface ApiKey {
  id: string;
  value?: string;
  name?: string;
  description?: string;
  enabled: boolean;
  createdDate: number;
  lastUpdatedDate: number;
  stageKeys: string[];
  customerId?: string;
  tags?: Record<string, string>;
}

export interface ThrottleSettings {
  burstLimit?: number;
  rateLimit?: number;
}

export interface UsagePlan {
  id: string;
  name: string;
  description?: string;
  apiStages: { apiId: string; stage: string; throttle?: Record<string, ThrottleSettings> }[];
  throttle?: ThrottleSettings;
  quota?: { limit: number; offset?: number; period: "DAY" | "WEEK" | "MONTH" };
  tags?: Record<string, string>;
}

interface UsagePlanKey {
  id: string;
  type: string;
  value?: string;
  name?: string;
}

function keyOf(ctx: RequestContext, id: unknown): ApiKey {
  const key = docs(ctx).get<ApiKey>(ctx, "apikey", "", String(id));
  if (!key) throw errors.notFound("Invalid API Key identifier specified");
  return key;
}

function planOf(ctx: RequestContext, id: unknown): UsagePlan {
  const plan = docs(ctx).get<UsagePlan>(ctx, "usageplan", "", String(id));
  if (!plan) throw errors.notFound(`Invalid Usage Plan ID specified`);
  return plan;
}

const withoutValue = (key: ApiKey, include: boolean): ApiKey => (include ? key : { ...key, value: undefined });

export const keyOperations = [
  op("CreateApiKey", "POST", "/apikeys", (input, ctx) => {
    const value = str(input, "value") ?? alphanumericId(40);
    if (value.length < 20) throw errors.badRequest("API Key value should be at least 20 characters");
    const store = docs(ctx);
    if (store.list<ApiKey>(ctx, "apikey", "").some((k) => k.value === value)) throw errors.conflict("API Key already exists");
    const now = nowSeconds(ctx);
    const key: ApiKey = { id: newId(), value, enabled: input.enabled === true, createdDate: now, lastUpdatedDate: now, stageKeys: [] };
    for (const k of ["name", "description", "customerId"] as const) if (str(input, k) !== undefined) key[k] = str(input, k);
    if (input.tags && typeof input.tags === "object") key.tags = input.tags as Record<string, string>;
    store.put(ctx, "apikey", "", key.id, key);
    return key;
  }),
  op("GetApiKeys", "GET", "/apikeys", (input, ctx) => {
    const name = str(input, "nameQuery");
    const keys = docs(ctx).list<ApiKey>(ctx, "apikey", "").filter((k) => !name || k.name?.startsWith(name));
    return page(keys.map((k) => withoutValue(k, input.includeValues === true)), input);
  }, { query: { ...pageQuery, nameQuery: "nameQuery", includeValues: "includeValues:boolean", customerId: "customerId" } }),
  op("GetApiKey", "GET", "/apikeys/{api_Key}", (input, ctx) => withoutValue(keyOf(ctx, input.api_Key), input.includeValue === true), { query: { includeValue: "includeValue:boolean" } }),
  op("UpdateApiKey", "PATCH", "/apikeys/{api_Key}", (input, ctx) => {
    const key = keyOf(ctx, input.api_Key);
    applyPatch(key as unknown as Record<string, unknown>, input.patchOperations, (path) => (path[0] === "id" || path[0] === "value" ? null : path));
    key.lastUpdatedDate = nowSeconds(ctx);
    docs(ctx).put(ctx, "apikey", "", key.id, key);
    return withoutValue(key, false);
  }),
  op("DeleteApiKey", "DELETE", "/apikeys/{api_Key}", (input, ctx) => {
    const key = keyOf(ctx, input.api_Key);
    docs(ctx).delete(ctx, "apikey", "", key.id);
  }, { status: 202 }),
  op("CreateUsagePlan", "POST", "/usageplans", (input, ctx) => {
    const name = str(input, "name");
    if (!name) throw errors.badRequest("Invalid usage plan name specified");
    const plan: UsagePlan = { id: newId(6), name, apiStages: [] };
    if (Array.isArray(input.apiStages)) {
      for (const s of input.apiStages as UsagePlan["apiStages"]) {
        if (!docs(ctx).get(ctx, "stage", String(s?.apiId), String(s?.stage))) throw errors.badRequest(`Invalid stage identifier specified`);
        plan.apiStages.push({ apiId: String(s.apiId), stage: String(s.stage), ...(s.throttle ? { throttle: s.throttle } : {}) });
      }
    }
    if (input.throttle && typeof input.throttle === "object") plan.throttle = input.throttle as ThrottleSettings;
    if (input.quota && typeof input.quota === "object") {
      const quota = input.quota as UsagePlan["quota"] & object;
      if (!["DAY", "WEEK", "MONTH"].includes(quota.period)) throw errors.badRequest("Invalid quota period specified");
      plan.quota = quota;
    }
    if (str(input, "description") !== undefined) plan.description = str(input, "description");
    if (input.tags && typeof input.tags === "object") plan.tags = input.tags as Record<string, string>;
    docs(ctx).put(ctx, "usageplan", "", plan.id, plan);
    return plan;
  }),
  op("GetUsagePlans", "GET", "/usageplans", (input, ctx) => {
    const plans = docs(ctx).list<UsagePlan>(ctx, "usageplan", "");
    const keyId = str(input, "keyId");
    return page(keyId ? plans.filter((p) => docs(ctx).get(ctx, "usageplankey", p.id, keyId)) : plans, input);
  }, { query: { ...pageQuery, keyId: "keyId" } }),
  op("GetUsagePlan", "GET", "/usageplans/{usageplanId}", (input, ctx) => planOf(ctx, input.usageplanId)),
  op("UpdateUsagePlan", "PATCH", "/usageplans/{usageplanId}", (input, ctx) => {
    const plan = planOf(ctx, input.usageplanId);
    applyPatch(plan as unknown as Record<string, unknown>, input.patchOperations, (path, patch) => {
      if (path[0] !== "apiStages") return path[0] === "id" ? null : path;
      const [apiId, stage] = String(patch.value ?? "").split(":");
      if (patch.op === "add" && apiId && stage) plan.apiStages.push({ apiId, stage });
      if (patch.op === "remove") plan.apiStages = plan.apiStages.filter((s) => `${s.apiId}:${s.stage}` !== patch.value);
      return null;
    });
    docs(ctx).put(ctx, "usageplan", "", plan.id, plan);
    return plan;
  }),
  op("DeleteUsagePlan", "DELETE", "/usageplans/{usageplanId}", (input, ctx) => {
    const plan = planOf(ctx, input.usageplanId);
    const store = docs(ctx);
    store.txn(() => {
      for (const k of store.list<UsagePlanKey>(ctx, "usageplankey", plan.id)) store.delete(ctx, "usageplankey", plan.id, k.id);
      store.delete(ctx, "usageplan", "", plan.id);
    });
  }, { status: 202 }),
  op("CreateUsagePlanKey", "POST", "/usageplans/{usageplanId}/keys", (input, ctx) => {
    const plan = planOf(ctx, input.usageplanId);
    if (str(input, "keyType") !== "API_KEY") throw errors.badRequest("Invalid key type specified");
    const key = keyOf(ctx, input.keyId);
    const store = docs(ctx);
    if (store.get(ctx, "usageplankey", plan.id, key.id)) throw errors.conflict(`Usage Plan ${plan.id} cannot be added because API Key ${key.id} cannot reference multiple Usage Plans with the same API Stage`);
    const entry: UsagePlanKey = { id: key.id, type: "API_KEY", value: key.value, name: key.name };
    store.put(ctx, "usageplankey", plan.id, key.id, entry);
    return entry;
  }),
  op("GetUsagePlanKeys", "GET", "/usageplans/{usageplanId}/keys", (input, ctx) => page(docs(ctx).list<UsagePlanKey>(ctx, "usageplankey", planOf(ctx, input.usageplanId).id), input), { query: { ...pageQuery, nameQuery: "nameQuery" } }),
  op("GetUsagePlanKey", "GET", "/usageplans/{usageplanId}/keys/{keyId}", (input, ctx) => {
    const entry = docs(ctx).get<UsagePlanKey>(ctx, "usageplankey", planOf(ctx, input.usageplanId).id, String(input.keyId));
    if (!entry) throw errors.notFound("Invalid Usage Plan Key identifier specified");
    return entry;
  }),
  op("DeleteUsagePlanKey", "DELETE", "/usageplans/{usageplanId}/keys/{keyId}", (input, ctx) => {
    if (!docs(ctx).delete(ctx, "usageplankey", planOf(ctx, input.usageplanId).id, String(input.keyId))) throw errors.notFound("Invalid Usage Plan Key identifier specified");
  }, { status: 202 }),
];
