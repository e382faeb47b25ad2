/** API keys and usage plans at request time: which key, which plan, and whether it may pass. */
import type { RequestContext } from "../../core/context.js";
import type { HttpResponse } from "../../core/service.js";
import type { ApiKey, UsagePlan } from "../rest/keys.js";
import { restErrors } from "./common.js";
import { gatewayOf } from "../context.js";

export type UsageOutcome = { ok: true; key?: { value: string; id: string } } | { ok: false; response: HttpResponse };

export function checkUsage(ctx: RequestContext, requestId: string, apiId: string, stage: string, resourceKey: string, keyValue: string | undefined): UsageOutcome {
  if (!keyValue) return { ok: false, response: restErrors.forbidden(requestId) };
  const store = gatewayOf(ctx).docs;
  const key = store.list<ApiKey>(ctx, "apikey", "").find((k) => k.value === keyValue);
  if (!key || !key.enabled) return { ok: false, response: restErrors.forbidden(requestId) };
  const plan = store
    .list<UsagePlan>(ctx, "usageplan", "")
    .find((p) => p.apiStages.some((s) => s.apiId === apiId && s.stage === stage) && store.get(ctx, "usageplankey", p.id, key.id));
  if (!plan) return { ok: false, response: restErrors.forbidden(requestId) };
  const throttles = gatewayOf(ctx).data.throttles;
  const now = ctx.clock.now();
  const methodThrottle = plan.apiStages.find((s) => s.apiId === apiId && s.stage === stage)?.throttle?.[resourceKey];
  const throttle = methodThrottle ?? plan.throttle;
  if (throttle && (throttle.rateLimit !== undefined || throttle.burstLimit !== undefined)) {
    const rate = throttle.rateLimit ?? Infinity;
    const burst = throttle.burstLimit ?? Math.max(1, Math.ceil(rate));
    if (!throttles.take(`plan/${plan.id}/${key.id}/${methodThrottle ? resourceKey : "*"}`, rate, burst, now)) return { ok: false, response: restErrors.throttled(requestId) };
  }
  if (plan.quota && !throttles.count(`quota/${plan.id}/${key.id}`, plan.quota.limit, plan.quota.period, now)) return { ok: false, response: restErrors.quota(requestId) };
  return { ok: true, key: { value: key.value!, id: key.id } };
}
