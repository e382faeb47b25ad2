/**
 * The streams service's per-server state: the log reader and the TTL sweeper, built once per
 * server by core (serviceWithState) and handed to every operation and hook.
 */
import { serviceWithState, type ServiceEnv } from "../../core/service.js";
import { StreamLog } from "./reader.js";
import { TtlSweeper } from "./ttl.js";

export interface StreamsState {
  log: StreamLog;
  sweeper: TtlSweeper;
}

export const { service: streamsService, operation: streamsOperation } = serviceWithState<StreamsState>();

/** `dynamodbstreams.shardRolloverSeconds` in the config file (default four hours, as AWS rolls shards). */
function shardPeriodMs(env: ServiceEnv): number {
  const raw = (env.settings.config.dynamodbstreams as { shardRolloverSeconds?: unknown } | undefined)?.shardRolloverSeconds;
  return typeof raw === "number" && raw > 0 ? raw * 1000 : 4 * 3_600_000;
}

export function createState(env: ServiceEnv): StreamsState {
  return { log: new StreamLog(env.ports, env.eventLog, env.clock, shardPeriodMs(env)), sweeper: new TtlSweeper(env) };
}
