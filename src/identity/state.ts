/** The identity service's state (built by core per server): statements and the environment. */
import type { ResolvedCredentials } from "../core/ports.js";
import type { ServiceEnv } from "../core/service.js";
import { serviceWithState } from "../core/service.js";
import { IdentityStatements } from "./store.js";

export interface IdentityState {
  sql: IdentityStatements;
  env: ServiceEnv;
  /** Issued credentials as enforcement sees them, by access key id (resolver.ts). */
  resolved: Map<string, ResolvedCredentials>;
}

export function createIdentityState(env: ServiceEnv): IdentityState {
  return { sql: new IdentityStatements(env.store), env, resolved: new Map() };
}

export const { service: identityService, operation: identityOperation } = serviceWithState<IdentityState>();
