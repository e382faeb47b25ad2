/** The identity service's state (built by core per server): statements and the environment. */
import type { ServiceEnv } from "../core/service.js";
import { serviceWithState } from "../core/service.js";
import { IdentityStatements } from "./store.js";

export interface IdentityState {
  sql: IdentityStatements;
  env: ServiceEnv;
}

export function createIdentityState(env: ServiceEnv): IdentityState {
  return { sql: new IdentityStatements(env.store), env };
}

export const { service: identityService, operation: identityOperation } = serviceWithState<IdentityState>();
