import type { RequestContext } from "./context.js";
import { requestId } from "./ids.js";
import type { ServiceEnv } from "./service.js";

/**
 * A context for work a service does on its own behalf, not a client's request (a sweep, a
 * replication, a port called by another service): it acts in `accountId`/`region` with the
 * server's shared pieces.
 */
export function serviceContext(env: ServiceEnv, accountId: string, region: string, operation: string): RequestContext {
  return {
    requestId: requestId(),
    accountId,
    region,
    operation,
    endpoint: env.endpoint(),
    clock: env.clock,
    bus: env.bus,
    store: env.store,
    blobs: env.blobs,
    log: env.log,
    settings: env.settings,
    ports: env.ports,
    responseHeaders: {},
    bodyText: undefined,
    eventLog: env.eventLog,
  };
}
