/**
 * How the gateway's code reaches its state: every context it hands its code — the control plane's
 * `op()`, the data plane's request, a WebSocket connection, the config installer — carries the
 * state core built for this server (`serviceWithState`), so nothing is looked up in module-level maps.
 */
import type { RequestContext } from "../core/context.js";
import type { ApigwState } from "./state.js";

export interface GatewayContext extends RequestContext {
  readonly gateway: ApigwState;
}

export function withGateway(ctx: RequestContext, state: ApigwState): GatewayContext {
  return { ...ctx, gateway: state };
}

export function gatewayOf(ctx: RequestContext): ApigwState {
  const state = (ctx as Partial<GatewayContext>).gateway;
  if (!state) throw new Error("apigateway: a context without the service's state");
  return state;
}
