/** `GET /_local/apis`: every deployed stage and the URLs it is served at. */
import type { HttpRequest, ServiceEnv } from "../../core/service.js";
import type { RestApi, Stage } from "../rest/model.js";
import type { DocStore } from "../store.js";

export interface ApiListing {
  id: string;
  name: string;
  type: "REST" | "HTTP" | "WEBSOCKET";
  accountId: string;
  region: string;
  stages: { name: string; url: string; hostUrl: string }[];
}

export function stageUrls(base: string, apiId: string, stage: string, websocket = false): { url: string; hostUrl: string } {
  const u = new URL(base);
  const scheme = websocket ? "ws" : "http";
  const suffix = stage === "$default" ? "" : `/${stage}`;
  return {
    url: `${scheme}://${u.host}/_aws/execute-api/${apiId}${suffix}`,
    hostUrl: `${scheme}://${apiId}.execute-api.localhost${u.port ? `:${u.port}` : ""}${suffix}`,
  };
}

export function listApis(store: DocStore, req: HttpRequest): { apis: ApiListing[] } {
  const base = /execute-api\.localhost/.test(req.host) ? `http://localhost${/:(\d+)$/.exec(req.host)?.[0] ?? ""}` : req.endpoint;
  return { apis: listingOf(store, base) };
}

/** Prints every deployed stage's invoke URL once the service starts (APIs kept in a data directory). */
export function announceStages(env: ServiceEnv, store: DocStore): void {
  for (const api of listingOf(store, env.endpoint())) {
    for (const stage of api.stages) env.log.info({ api: api.name, apiId: api.id, type: api.type, url: stage.url }, "API Gateway stage");
  }
}

function listingOf(store: DocStore, base: string): ApiListing[] {
  const apis: ApiListing[] = [];
  for (const { scope, doc } of store.all<RestApi>("restapi")) {
    const stages = store.list<Stage>(scope, "stage", doc.id).map((s) => ({ name: s.stageName, ...stageUrls(base, doc.id, s.stageName) }));
    apis.push({ id: doc.id, name: doc.name, type: "REST", accountId: scope.accountId, region: scope.region, stages });
  }
  for (const { scope, doc } of store.all<{ apiId: string; name: string; protocolType: string }>("api")) {
    const websocket = doc.protocolType === "WEBSOCKET";
    const stages = store.list<{ stageName: string }>(scope, "v2stage", doc.apiId).map((s) => ({ name: s.stageName, ...stageUrls(base, doc.apiId, s.stageName, websocket) }));
    apis.push({ id: doc.apiId, name: doc.name, type: websocket ? "WEBSOCKET" : "HTTP", accountId: scope.accountId, region: scope.region, stages });
  }
  return apis;
}
