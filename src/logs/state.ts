/**
 * The service's state, built by core once per server (tests run several in one process) and
 * handed to every hook and operation handler: prepared statements, the id cache, the retention sweeper.
 */
import type { ServiceEnv } from "../core/service.js";
import { serviceWithState } from "../core/service.js";
import { RetentionSweeper } from "./retention.js";
import { IdCache } from "./sink.js";
import { LogsStore } from "./store.js";

export interface LogsState {
  ls: LogsStore;
  ids: IdCache;
  sweeper: RetentionSweeper;
}

export function createLogsState(env: ServiceEnv): LogsState {
  const ls = new LogsStore(env.store);
  return { ls, ids: new IdCache(), sweeper: new RetentionSweeper(ls, env.clock) };
}

export const { service: logsService, operation: logsOperation } = serviceWithState<LogsState>();
