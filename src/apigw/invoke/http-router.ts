/**
 * HTTP API route selection: the most specific path wins (literal parts before `{param}` before
 * `{proxy+}`), then a route of the request's method before `ANY`; `$default` catches the rest.
 */
import type { Integration, Route } from "../v2/model.js";
import { functionOf } from "./lambda.js";
import { RestRouter } from "./rest-router.js";
import type { Resource } from "../rest/model.js";

export interface HttpMatch {
  route: Route;
  pathParameters: Record<string, string> | undefined;
}

export class HttpRouter {
  private readonly byPath: RestRouter;
  private readonly routes = new Map<string, Route>();
  private readonly fallback: Route | undefined;
  /** Each route's integration, found once (the route's `integrations/<id>` target). */
  private readonly integrations = new Map<Route, Integration | undefined>();
  private readonly functions = new Map<Route, string | undefined>();

  constructor(routes: Route[], integrations: Integration[] = []) {
    for (const route of routes) {
      const id = /^integrations\/(.+)$/.exec(route.target ?? "")?.[1];
      const integration = integrations.find((i) => i.integrationId === id);
      this.integrations.set(route, integration);
      this.functions.set(route, functionOf(integration?.integrationUri));
    }
    // Each route becomes a resource with one method, so REST's specificity ranking applies.
    const resources = new Map<string, Resource>();
    for (const route of routes) {
      if (route.routeKey === "$default") continue;
      const space = route.routeKey.indexOf(" ");
      const method = route.routeKey.slice(0, space);
      const path = route.routeKey.slice(space + 1) || "/";
      let resource = resources.get(path);
      if (!resource) resources.set(path, (resource = { id: path, path, resourceMethods: {} }));
      resource.resourceMethods![method] = { httpMethod: method, authorizationType: "NONE", apiKeyRequired: false };
      this.routes.set(`${method} ${path}`, route);
    }
    this.byPath = new RestRouter([...resources.values()]);
    this.fallback = routes.find((r) => r.routeKey === "$default");
  }

  integrationOf(route: Route): Integration | undefined {
    return this.integrations.get(route);
  }

  /** The function the route's integration calls (its URI taken apart once). */
  functionOf(route: Route): string | undefined {
    return this.functions.get(route);
  }

  match(method: string, path: string): HttpMatch | undefined {
    const found = this.byPath.match(method, path);
    if (found) {
      const route = this.routes.get(`${found.method.httpMethod} ${found.resource.path}`)!;
      return { route, pathParameters: found.pathParameters ?? undefined };
    }
    return this.fallback ? { route: this.fallback, pathParameters: undefined } : undefined;
  }
}
