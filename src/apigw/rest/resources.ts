/** GetResources, GetResource, CreateResource, UpdateResource, DeleteResource. */
import type { RequestContext } from "../../core/context.js";
import { applyPatch, docs, newId, op, page, pageQuery, required } from "../control.js";
import { errors } from "../errors.js";
import { resourceOf, restApiOf, type Resource } from "./model.js";

const PATH_PART = /^(?:[A-Za-z0-9._~:@!$&'()*+,;=-]+|\{[A-Za-z0-9._-]+\+?\})$/;

export function childPath(parent: Resource, pathPart: string): string {
  return parent.path === "/" ? `/${pathPart}` : `${parent.path}/${pathPart}`;
}

/** Creates a resource under `parent` (callers have checked the API exists). */
export function createResource(ctx: RequestContext, apiId: string, parent: Resource, pathPart: string): Resource {
  if (!PATH_PART.test(pathPart)) {
    throw errors.badRequest("Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.");
  }
  const store = docs(ctx);
  const siblings = store.list<Resource>(ctx, "resource", apiId).filter((r) => r.parentId === parent.id);
  if (siblings.some((r) => r.pathPart === pathPart)) throw errors.conflict(`Another resource with the same parent already has this name: ${pathPart}`);
  if (pathPart.startsWith("{") && siblings.some((r) => r.pathPart?.startsWith("{"))) {
    throw errors.badRequest(`A sibling (${siblings.find((r) => r.pathPart?.startsWith("{"))!.pathPart}) of this resource already has a variable path part -- only one is allowed`);
  }
  if (parent.pathPart?.endsWith("+}")) throw errors.badRequest("Cannot create a child of a resource with a greedy path variable");
  const resource: Resource = { id: newId(), parentId: parent.id, pathPart, path: childPath(parent, pathPart) };
  store.put(ctx, "resource", apiId, resource.id, resource);
  return resource;
}

/** Without `embed=methods`, AWS lists each method's name with an empty object. */
function summary(resource: Resource, embed: boolean): Resource {
  if (embed || !resource.resourceMethods) return resource;
  return { ...resource, resourceMethods: Object.fromEntries(Object.keys(resource.resourceMethods).map((m) => [m, {} as never])) };
}

export const resourceOperations = [
  op("GetResources", "GET", "/restapis/{restapi_id}/resources", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    const embed = String(input.embed ?? "").includes("methods");
    return page(docs(ctx).list<Resource>(ctx, "resource", api.id).map((r) => summary(r, embed)), input);
  }, { query: { ...pageQuery, embed: "embed:list" } }),
  op("GetResource", "GET", "/restapis/{restapi_id}/resources/{resource_id}", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    return resourceOf(ctx, api.id, input.resource_id);
  }, { query: { embed: "embed:list" } }),
  op("CreateResource", "POST", "/restapis/{restapi_id}/resources/{parent_id}", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    const parent = resourceOf(ctx, api.id, input.parent_id);
    return createResource(ctx, api.id, parent, required(input, "pathPart", "resource path part"));
  }),
  op("UpdateResource", "PATCH", "/restapis/{restapi_id}/resources/{resource_id}", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    const resource = resourceOf(ctx, api.id, input.resource_id);
    const patched = { ...resource } as unknown as Record<string, unknown>;
    applyPatch(patched, input.patchOperations, (path) => (path[0] === "pathPart" || path[0] === "parentId" ? path : null));
    const store = docs(ctx);
    const parent = resourceOf(ctx, api.id, patched.parentId);
    const updated: Resource = { ...resource, parentId: parent.id, pathPart: String(patched.pathPart), path: childPath(parent, String(patched.pathPart)) };
    store.put(ctx, "resource", api.id, updated.id, updated);
    return updated;
  }),
  op("DeleteResource", "DELETE", "/restapis/{restapi_id}/resources/{resource_id}", (input, ctx) => {
    const api = restApiOf(ctx, input.restapi_id);
    const resource = resourceOf(ctx, api.id, input.resource_id);
    if (resource.id === api.rootResourceId) throw errors.badRequest("Cannot delete root resource");
    const store = docs(ctx);
    const all = store.list<Resource>(ctx, "resource", api.id);
    const doomed = new Set([resource.id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of all) if (r.parentId && doomed.has(r.parentId) && !doomed.has(r.id)) grew = Boolean(doomed.add(r.id));
    }
    store.txn(() => {
      for (const id of doomed) store.delete(ctx, "resource", api.id, id);
    });
  }, { status: 202 }),
];
