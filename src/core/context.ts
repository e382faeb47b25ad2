import type { BlobStore } from "./blobs.js";
import type { EventBus } from "./bus.js";
import type { Clock } from "./clock.js";
import type { Store } from "./db.js";
import type { Scope } from "./events.js";
import type { ServiceEventLog } from "./log/service-event-log.js";
import type { Logger } from "./logger.js";
import type { PortRegistry } from "./service.js";
import type { Settings } from "./settings.js";

/** What an operation handler knows about its request and the server. No HTTP objects. */
export interface RequestContext extends Scope {
  requestId: string;
  accountId: string;
  region: string;
  /** The operation's name as AWS spells it. */
  operation: string;
  /** The base URL the client used (queue URLs are built on it). */
  endpoint: string;
  clock: Clock;
  bus: EventBus;
  store: Store;
  blobs: BlobStore;
  log: Logger;
  settings: Settings;
  ports: PortRegistry;
  /** Appends facts (inside the change's `store.txn`) and reads the log; consumers are registered at `start`. */
  eventLog: Pick<ServiceEventLog, "append" | "reserve" | "appended" | "read" | "lastSeq">;
  /** Sets extra response headers (rarely needed: request ids, S3 `x-amz-version-id` go here). */
  responseHeaders: Record<string, string>;
  /** The body as text when the codec parsed it as JSON, for a handler that keeps part of it as sent. */
  bodyText: string | undefined;
  /**
   * A browser origin not on the allow-list, for an API that judges origins by its own per-resource
   * rules (`ApiManifest.ownCors`: S3 bucket CORS); the service must refuse what its rules do not allow.
   */
  foreignOrigin?: string;
  /** The access key id the request was signed with, if it was signed (STS GetCallerIdentity). */
  accessKeyId?: string;
}
