/** The streams service's per-server state: the log reader, keyed by store. */
import type { Store } from "../../core/db.js";
import { LocalAwsError } from "../../core/errors.js";
import { StreamLog } from "./reader.js";

const logs = new WeakMap<Store, StreamLog>();

export function setStreamLog(store: Store, log: StreamLog): void {
  logs.set(store, log);
}

export function streamLogOf(store: Store): StreamLog {
  const log = logs.get(store);
  if (!log) throw new LocalAwsError("LA_ERR_NOT_STARTED", "the DynamoDB Streams service has not started on this server");
  return log;
}
