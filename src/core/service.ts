/**
 * What a service is. A service folder exports a `ServiceManifest` (tiny, loaded at boot: how to
 * recognise its requests) and a `ServiceDef` (loaded lazily: its APIs, operations, migrations and
 * lifecycle). Operation handlers never see HTTP: codecs turn requests into inputs and outputs back.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex, Readable } from "node:stream";
import type { ZodType } from "zod";
import type { ServiceAuthorization } from "./auth/types.js";
import type { BlobStore } from "./blobs.js";
import type { EventBus } from "./bus.js";
import type { Clock } from "./clock.js";
import type { RequestContext } from "./context.js";
import type { Migration, Store } from "./db.js";
import type { ServiceJobs } from "./jobs/jobs.js";
import type { FactKind } from "./log/facts.js";
import type { ServiceEventLog } from "./log/service-event-log.js";
import type { Logger } from "./logger.js";
import type { ModelBinding } from "./models/types.js";
import type { PortName, Ports } from "./ports.js";
import type { Settings } from "./settings.js";

export type ProtocolName = "awsJson1_0" | "awsJson1_1" | "restJson1" | "restXml" | "awsQuery";

/** The request as codecs see it. The body is not read until a codec asks for it. */
export interface HttpRequest {
  method: string;
  /** Path without the query string, percent-decoded per segment by the codec when it matches. */
  rawPath: string;
  rawQuery: string;
  query: URLSearchParams;
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  host: string;
  /** The base URL the client used to reach us, e.g. http://localhost:4566. */
  endpoint: string;
  /** The body as a stream (consumed once). */
  bodyStream: Readable;
  /** Reads the whole body, failing with `tooLarge()` past `limit` bytes. */
  readBody(limit: number, tooLarge: () => Error): Promise<Buffer>;
  /** The whole body if it is already in memory (else undefined: use `readBody`); throws `tooLarge()` past `limit`. */
  readBodyNow(limit: number, tooLarge: () => Error): Buffer | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string | Readable;
}

/** REST protocols: how an operation's input and output map onto HTTP. */
export interface HttpBinding {
  method: string;
  /** Path template: `/2015-03-31/functions/{FunctionName}/invocations`; `{Key+}` is greedy. */
  path: string;
  /** Query keys that must be present for this route to match (S3 sub-resources: `tagging`). */
  requiredQuery?: string[];
  /** Headers (lower-case) that must be present for this route to match (S3 `x-amz-copy-source`). */
  requiredHeaders?: string[];
  /** Query parameter name → input member. */
  query?: Record<string, string>;
  /** Header name (lower-case) → input member. */
  headers?: Record<string, string>;
  /** Header prefix (lower-case) → input member holding a map (S3 `x-amz-meta-`). */
  prefixHeaders?: Record<string, string>;
  /** Input member that receives the raw body (a Buffer, or the stream when `streaming`). */
  payload?: string;
  streaming?: boolean;
  /** Success status (default 200). */
  status?: number;
  /** Output member → response header. */
  outputHeaders?: Record<string, string>;
  /** Output member holding a map written as `<prefix><key>` headers. */
  outputPrefixHeaders?: Record<string, string>;
  /** Output member sent as the raw body (Buffer, string or stream). */
  outputPayload?: string;
  /** Output member that sets the status code. */
  outputStatus?: string;
  /** restXml: root element of the XML body (output members not bound elsewhere go under it). */
  xmlRoot?: string;
}

export interface OperationDef<I = Record<string, unknown>, O = Record<string, unknown>> {
  name: string;
  http?: HttpBinding;
  /** awsQuery: turns the decoded parameter tree into the input (default: the tree as it is). */
  fromQuery?: (params: Record<string, unknown>) => I;
  /** awsQuery: shapes the output for the `<NameResult>` element (default: the output as it is). */
  toQuery?: (output: O) => Record<string, unknown>;
  /** `state`: the service's own state (`ServiceDef.createState`), undefined for services without one. */
  handle(input: I, ctx: RequestContext, state?: never): Promise<O> | O;
}

/** One wire API of a service (a service may speak several: SQS JSON and Query, SNS, ...). */
export interface ApiDef {
  id: string;
  protocol: ProtocolName;
  /** AWS's endpoint name, reported by /_local/health. */
  endpointName: string;
  /** awsJson: the `__type` namespace, e.g. `com.amazonaws.dynamodb.v20120810`. */
  errorNamespace?: string;
  /** awsQuery: xmlns of responses. restXml: errors as `<ErrorResponse xmlns><Error><Type>…` (CloudFront), not S3's bare `<Error>`. */
  xmlNamespace?: string;
  /** awsJson: add `x-amz-crc32` (DynamoDB does). */
  crc32?: boolean;
  /** awsJson: SQS-style `x-amzn-query-error` header when the client sends `x-amzn-query-mode`. */
  queryCompatible?: boolean;
  /** Largest request body accepted (bytes). */
  maxBodyBytes?: number;
  /**
   * awsQuery: parameters a request's path supplies when the form does not (SQS requests sent to a
   * queue URL `/<account>/<name>` may leave out QueueUrl).
   */
  paramsFromPath?: (path: string, endpoint: string) => Record<string, string> | undefined;
  tooLarge?: (limit: number) => Error;
  /**
   * AWS's service model for this API (models/<service>.json.gz): inputs are type-checked and
   * validated from it before handlers run (see docs/service-models.md). Optional.
   */
  model?: ModelBinding;
  operations: OperationDef<never, never>[];
}

/** What a service gets when it starts: the shared pieces of the server. */
export interface ServiceEnv {
  clock: Clock;
  bus: EventBus;
  store: Store;
  blobs: BlobStore;
  log: Logger;
  settings: Settings;
  ports: PortRegistry;
  /** The durable event log: facts appended in the change's transaction, consumers with checkpoints. */
  eventLog: ServiceEventLog;
  /** Durable jobs due at a time on the clock (retries, wake-ups, timeouts), scoped to this service. */
  jobs: ServiceJobs;
  /** The server's own base URL (for AWS_ENDPOINT_URL in functions, callback URLs). */
  endpoint(): string;
}

export interface PortRegistry {
  provide<K extends PortName>(name: K, impl: Ports[K]): void;
  get<K extends PortName>(name: K): Promise<Ports[K]>;
  /**
   * The state a loaded service built (`createState`), undefined while it is not loaded. For a
   * service's sibling in its own folder only (DynamoDB Streams reads DynamoDB's tables).
   */
  stateOf(service: string): unknown;
}

export interface ServiceDef {
  name: string;
  apis: ApiDef[];
  migrations?: Migration[];
  /**
   * Builds the service's state (statements, caches) from what core gives it, once per server,
   * after the migrations: handed to every hook and operation handler, so nothing lives at module
   * level. Define such a service with `serviceWithState<S>()` to have it typed.
   */
  createState?(env: ServiceEnv): unknown;
  /** Registers ports, consumers, job handlers and timers. */
  start?(env: ServiceEnv, state?: never): void | Promise<void>;
  /**
   * Called after restore() and reset(): drop caches and timers, rebuild from the store. A
   * ServiceDef may be shared by several servers in one process: `env` says which one.
   */
  afterRestore?(env: ServiceEnv, state?: never): void;
  stop?(env: ServiceEnv, state?: never): void | Promise<void>;
  /** Data planes with their own URL shapes (websites, invoke URLs): undefined when not theirs. */
  handleHttp?(req: HttpRequest, ctx: RequestContext, state?: never): Promise<HttpResponse | undefined>;
  /**
   * An HTTP upgrade (a WebSocket handshake) on one of the data plane's URLs: the service takes the
   * socket (answering or refusing the handshake itself) and resolves true, or resolves false.
   */
  handleUpgrade?(req: HttpRequest, upgrade: UpgradeRequest, ctx: RequestContext, state?: never): Promise<boolean>;
}

/** Node's view of an upgrade request: what a WebSocket server (ws's `handleUpgrade`) needs. */
export interface UpgradeRequest {
  request: IncomingMessage;
  socket: Duplex;
  head: Buffer;
}

/** How the router recognises a service's requests, without loading it. */
export interface ApiManifest {
  id: string;
  protocol: ProtocolName;
  endpointName: string;
  signingNames?: string[];
  targetPrefixes?: string[];
  /** Path prefixes that belong to this API (restJson). */
  pathPrefixes?: string[];
  /** Host patterns (virtual-hosted S3 buckets, execute-api hosts). */
  hosts?: RegExp[];
  /** awsQuery: the actions this API answers (to route unsigned Query requests). */
  queryActions?: string[];
  /** Route here when nothing else claims the request (S3, as AWS's global endpoint does). */
  fallback?: boolean;
  /**
   * Cross-origin browser requests are judged by the service's own per-resource CORS rules (S3
   * buckets): an origin not on the allow-list reaches it in `ctx.foreignOrigin` instead of a 403.
   */
  ownCors?: boolean;
}

export interface ServiceManifest {
  name: string;
  /** Table prefix in the store, e.g. `ddb_`. */
  tablePrefix: string;
  apis: ApiManifest[];
  /**
   * Host or path patterns of data planes served by `handleHttp`. `public`: AWS serves it to any
   * browser origin (S3 websites, API Gateway invoke URLs, CloudFront), so the cross-origin guard
   * lets every origin through and the data plane applies AWS's own CORS rules. Patterns instead of
   * `true` make only the matching part public (Cognito's hosted UI and JWKS, not its local inbox).
   */
  dataPlane?: { hosts?: RegExp[]; paths?: RegExp[]; public?: boolean | { hosts?: RegExp[]; paths?: RegExp[] } };
  /**
   * Event-log consumers this service runs (name → kinds): they keep facts for it while it is not
   * loaded, and a fact of one of these kinds loads it (so `start` can call `eventLog.consume`).
   */
  consumes?: Record<string, FactKind[]>;
  /** Ports this service implements (so consumers can load it on demand). */
  provides?: PortName[];
  /**
   * The config-file sections this service reads (`"dynamodb"`), each with its schema, loaded only
   * when a config file is given (`() => import("./config-schema.js").then((m) => m.dynamodbSchema())`).
   * Keys no service declares are refused at start-up.
   */
  config?: Record<string, () => Promise<ZodType>>;
  /**
   * What `--enforce-iam` needs to authorize this service's requests (actions, resource ARNs and
   * condition keys per operation), loaded on the first enforced request. Without it, requests
   * signed with issued keys are signature-checked but not authorized.
   */
  authorization?: () => Promise<ServiceAuthorization>;
  /** Load at start even without stored state (e.g. functions declared in the config file). */
  eager?(settings: Settings): boolean;
  load(): Promise<ServiceDef>;
}

export function defineService(def: ServiceDef): ServiceDef {
  return def;
}

/** A service whose hooks and handlers receive its typed state `S`. */
export interface StatefulServiceDef<S> extends Omit<ServiceDef, "createState" | "start" | "afterRestore" | "stop" | "handleHttp"> {
  createState(env: ServiceEnv): S;
  start?(env: ServiceEnv, state: S): void | Promise<void>;
  /** After restore/reset: the store holds another past; drop caches and re-arm from it. */
  afterRestore?(env: ServiceEnv, state: S): void;
  stop?(env: ServiceEnv, state: S): void | Promise<void>;
  handleHttp?(req: HttpRequest, ctx: RequestContext, state: S): Promise<HttpResponse | undefined>;
}

export interface StatefulOperationDef<I, O, S> extends Omit<OperationDef<I, O>, "handle"> {
  handle(input: I, ctx: RequestContext, state: S): Promise<O> | O;
}

/**
 * The one service shape: state built by core from `ServiceEnv` for each server, passed to every
 * hook and handler (no module-level WeakMaps keyed by the store).
 *
 *   const { service, operation } = serviceWithState<LogsState>();
 *   export const putLogEvents = operation<In, Out>({ name: "PutLogEvents", handle(input, ctx, state) {...} });
 *   export default service({ name: "logs", apis, migrations, createState: (env) => new LogsState(env), start(env, state) {...} });
 */
export function serviceWithState<S>(): {
  service(def: StatefulServiceDef<S>): ServiceDef;
  operation<I, O>(op: StatefulOperationDef<I, O, S>): OperationDef<never, never>;
} {
  return {
    service: (def) => def as unknown as ServiceDef,
    operation: (op) => op as unknown as OperationDef<never, never>,
  };
}

export function defineOperation<I, O>(op: OperationDef<I, O>): OperationDef<never, never> {
  return op as unknown as OperationDef<never, never>;
}
