/**
 * The service's per-server state: the store's statements and the pools' signing keys, built once
 * per server by core (serviceWithState) and handed to every operation, hook and data-plane handler.
 */
import { serviceWithState, type ServiceEnv } from "../core/service.js";
import { PoolKeys } from "./keys.js";
import { CognitoStore } from "./store.js";

export interface CognitoState {
  env: ServiceEnv;
  cs: CognitoStore;
  keys: PoolKeys;
}

export const { service: cognitoService, operation: cognitoOperation } = serviceWithState<CognitoState>();

export function createState(env: ServiceEnv): CognitoState {
  const cs = new CognitoStore(env.store);
  return { env, cs, keys: new PoolKeys(cs) };
}
