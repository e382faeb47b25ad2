/** CreateRestApi, GetRestApi(s), UpdateRestApi, DeleteRestApi. */
import type { RequestContext } from "../../core/context.js";
import { applyPatch, docs, newId, nowSeconds, op, page, pageQuery, required, str, type Input } from "../control.js";
import { restApiOf, type Resource, type RestApi } from "./model.js";

/** Creates the API document and its root resource `/`. */
export function createRestApi(ctx: RequestContext, input: Input): RestApi {
  const name = required(input, "name", "REST API name");
  const endpointTypes = ((input.endpointConfiguration as { types?: string[] } | undefined)?.types ?? ["EDGE"]).map(String);
  const api: RestApi = {
    id: newId(),
    name,
    createdDate: nowSeconds(ctx),
    apiKeySource: input.apiKeySource === "AUTHORIZER" ? "AUTHORIZER" : "HEADER",
    endpointConfiguration: { types: endpointTypes },
    disableExecuteApiEndpoint: input.disableExecuteApiEndpoint === true,
    rootResourceId: newId(),
  };
  if (str(input, "description") !== undefined) api.description = str(input, "description");
  if (str(input, "version") !== undefined) api.version = str(input, "version");
  if (Array.isArray(input.binaryMediaTypes)) api.binaryMediaTypes = input.binaryMediaTypes.map(String);
  if (typeof input.minimumCompressionSize === "number") api.minimumCompressionSize = input.minimumCompressionSize;
  if (str(input, "policy") !== undefined) api.policy = str(input, "policy");
  if (input.tags && typeof input.tags === "object") api.tags = input.tags as Record<string, string>;
  const root: Resource = { id: api.rootResourceId, path: "/" };
  const store = docs(ctx);
  store.txn(() => {
    store.put(ctx, "restapi", "", api.id, api);
    store.put(ctx, "resource", api.id, root.id, root);
  });
  return api;
}

export function deleteRestApiDocs(ctx: RequestContext, id: string): void {
  const store = docs(ctx);
  store.txn(() => {
    store.delete(ctx, "restapi", "", id);
    store.deleteChildren(ctx, id);
  });
}

export const restApiOperations = [
  op("CreateRestApi", "POST", "/restapis", (input, ctx) => createRestApi(ctx, input)),
  op("GetRestApis", "GET", "/restapis", (input, ctx) => page(docs(ctx).list<RestApi>(ctx, "restapi", ""), input), { query: pageQuery }),
  op("GetRestApi", "GET", "/restapis/{restapi_id}", (input, ctx) => restApiOf(ctx, input.restapi_id)),
  op("UpdateRestApi", "PATCH", "/restapis/{restapi_id}", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id) as unknown as Record<string, unknown>;
    applyPatch(api, input.patchOperations, (path, patch) => {
      // Binary media types are patched as `/binaryMediaTypes/image~1png` with op add/remove.
      if (path[0] !== "binaryMediaTypes" || path.length !== 2) return path;
      const list = ((api.binaryMediaTypes as string[] | undefined) ?? []).filter((t) => t !== path[1]);
      if (patch.op !== "remove") list.push(path[1]!);
      if (list.length > 0) api.binaryMediaTypes = list;
      else delete api.binaryMediaTypes;
      return null;
    });
    docs(ctx).put(ctx, "restapi", "", String(api.id), api);
    return api;
  }),
  op("DeleteRestApi", "DELETE", "/restapis/{restapi_id}", (input, ctx) => {
    restApiOf(ctx, input.restapi_id);
    deleteRestApiDocs(ctx, String(input.restapi_id));
  }, { status: 202 }),
];
