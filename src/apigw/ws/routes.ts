/**
 * A WebSocket API stage's routes compiled once per snapshot: routes by key, each route's
 * integration and function, and the RouteSelectionExpression taken apart (`$request.body.a.b`).
 */
import { functionOf } from "../invoke/lambda.js";
import type { Integration, Route, V2Snapshot } from "../v2/model.js";

export interface WsTargetOf {
  integration: Integration | undefined;
  /** The function an AWS_PROXY integration calls. */
  fn: string | undefined;
}

export class WsRoutes {
  private readonly byKey = new Map<string, Route>();
  private readonly targets = new Map<Route, WsTargetOf>();
  /** The JSON path under the body, or undefined when the expression does not select from the body. */
  private readonly path: string[] | undefined;

  constructor(snapshot: V2Snapshot) {
    for (const route of snapshot.routes) {
      this.byKey.set(route.routeKey, route);
      const id = /^integrations\/(.+)$/.exec(route.target ?? "")?.[1];
      const integration = snapshot.integrations.find((i) => i.integrationId === id);
      this.targets.set(route, { integration, fn: functionOf(integration?.integrationUri) });
    }
    const m = /^\$\{?request\.body\.?([^}]*)\}?$/.exec(snapshot.api.routeSelectionExpression.trim());
    this.path = m ? (m[1] ? m[1].split(".") : []) : undefined;
  }

  named(key: string): Route | undefined {
    return this.byKey.get(key);
  }

  targetOf(route: Route): WsTargetOf {
    return this.targets.get(route) ?? { integration: undefined, fn: undefined };
  }

  /** The route key a message selects (its expression evaluated on the JSON body), or undefined. */
  select(body: string): string | undefined {
    if (!this.path) return undefined;
    // A message that cannot be a JSON object or array is not parsed.
    const first = body.charCodeAt(0);
    if (this.path.length > 0 && first !== 0x7b && !/^\s*\{/.test(body)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return undefined;
    }
    for (const key of this.path) {
      if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
      value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    }
    return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
  }
}
