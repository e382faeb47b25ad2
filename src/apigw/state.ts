/**
 * The service's state, built by core once per server (tests run several in one process) and handed
 * to every hook and handler: the documents, the data plane's routers, caches and buckets, open
 * WebSocket connections, JWT key sets, compiled request validators, the config file's own ports.
 */
import type { Server } from "node:http";
import { serviceWithState, type ServiceEnv } from "../core/service.js";
import { JwtKeys } from "./invoke/jwt.js";
import { DataPlaneState } from "./invoke/state.js";
import { ValidatorCache } from "./invoke/validation.js";
import { DocStore } from "./store.js";
import type { Connection } from "./ws/state.js";

export class ApigwState {
  readonly docs: DocStore;
  readonly data: DataPlaneState;
  /** Open WebSocket connections by connection id (in memory: they end with the process). */
  readonly connections = new Map<string, Connection>();
  readonly jwt = new JwtKeys();
  readonly validators = new ValidatorCache();
  /** Servers listening on config-declared APIs' own ports. */
  configServers: Server[] = [];

  constructor(env: ServiceEnv) {
    this.docs = new DocStore(env.store);
    this.data = new DataPlaneState(env.endpoint);
  }

  /** After restore/reset: the documents are another past; caches and buckets start over. */
  afterRestore(): void {
    this.data.clear();
    this.jwt.clear();
  }
}

export const { service: apigwService, operation: apigwOperation } = serviceWithState<ApigwState>();
