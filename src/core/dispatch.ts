import { authenticateIam, authorizeIam, type IamCaller } from "./auth/enforce.js";
import type { BlobStore } from "./blobs.js";
import type { EventBus } from "./bus.js";
import type { Clock } from "./clock.js";
import type { RequestContext } from "./context.js";
import type { Store } from "./db.js";
import { AwsError, commonErrors, isAwsError } from "./errors.js";
import { corsHeaders, isPreflight, preflightAnswer, refusal, type OriginVerdict } from "./guard.js";
import { malformedInputError } from "./guard-input.js";
import { requestId as newRequestId } from "./ids.js";
import type { EventLog } from "./log/event-log.js";
import type { Logger } from "./logger.js";
import { DEFAULT_MAX_BODY, type Decoded } from "./protocols/codec.js";
import { codecs } from "./protocols/index.js";
import type { ServiceRegistry } from "./registry.js";
import { identify, resolve, type Identity, type Resolution } from "./router.js";
import type { ApiDef, HttpRequest, HttpResponse, OperationDef, ServiceDef, ServiceManifest, UpgradeRequest } from "./service.js";
import type { Settings } from "./settings.js";

export interface DispatchEnv {
  clock: Clock;
  bus: EventBus;
  store: Store;
  blobs: BlobStore;
  log: Logger;
  settings: Settings;
  registry: ServiceRegistry;
  eventLog: EventLog;
}

type ApiResolution = Extract<Resolution, { kind: "api" }>;

export interface Dispatched {
  response: HttpResponse;
  service: string;
  operation: string;
}

/**
 * decode → handle → encode. The one place that turns thrown errors into responses. Synchronous
 * when every step is (a body already read, a loaded service, a synchronous handler): the usual
 * DynamoDB or SQS request then allocates no promise and waits for no microtask on its way through.
 */
export function dispatch(req: HttpRequest, env: DispatchEnv, origin: OriginVerdict = NO_ORIGIN): Dispatched | Promise<Dispatched> {
  const identity = identify(req, env.settings);
  const ctx = requestContext(req, env, identity);
  for (const manifest of dataPlaneManifests(env.registry.manifests)) {
    if (servesDataPlane(manifest, req)) {
      // A public surface (an S3 website) keeps AWS's own CORS; a local one answers allowed origins only.
      if (origin.kind === "foreign" && !isPublic(manifest, req)) return { response: refusal(403, origin.message), service: manifest.name, operation: "dataPlane" };
      return viaDataPlanes(req, env, ctx, identity, origin);
    }
  }
  return viaApi(req, env, ctx, identity, origin);
}
const NO_ORIGIN: OriginVerdict = { kind: "none" };

/** The context a request's handlers see (the operation is named once the route is known). */
function requestContext(req: HttpRequest, env: DispatchEnv, identity: ReturnType<typeof identify>): RequestContext {
  return {
    requestId: newRequestId(),
    accountId: identity.accountId,
    region: identity.region,
    operation: "",
    endpoint: req.endpoint,
    clock: env.clock,
    bus: env.bus,
    store: env.store,
    blobs: env.blobs,
    log: env.log,
    settings: env.settings,
    ports: env.registry,
    eventLog: env.eventLog,
    responseHeaders: {},
    bodyText: undefined,
    foreignOrigin: undefined,
    accessKeyId: identity.accessKeyId,
  };
}

/**
 * An HTTP upgrade (WebSocket handshake): offered to the data planes whose URLs match, in order;
 * false when none takes it (the server then answers 404). Origins are judged as for requests.
 */
export async function dispatchUpgrade(req: HttpRequest, upgrade: UpgradeRequest, env: DispatchEnv, origin: OriginVerdict): Promise<boolean> {
  const identity = identify(req, env.settings);
  const ctx = requestContext(req, env, identity);
  for (const manifest of dataPlaneManifests(env.registry.manifests)) {
    if (!servesDataPlane(manifest, req)) continue;
    if (origin.kind === "foreign" && !isPublic(manifest, req)) return false;
    const def = await env.registry.load(manifest);
    if (def.handleUpgrade && (await def.handleUpgrade(req, upgrade, ctx, env.registry.stateOf(manifest.name) as never))) return true;
  }
  return false;
}

function servesDataPlane(manifest: ServiceManifest, req: HttpRequest): boolean {
  return matches(manifest.dataPlane!, req);
}

/** Whether AWS serves this data-plane URL to any browser origin (see `ServiceManifest.dataPlane`). */
function isPublic(manifest: ServiceManifest, req: HttpRequest): boolean {
  const p = manifest.dataPlane!.public;
  return typeof p === "object" ? matches(p, req) : p === true;
}

function matches(patterns: { hosts?: RegExp[]; paths?: RegExp[] }, req: HttpRequest): boolean {
  for (const host of patterns.hosts ?? []) if (host.test(req.host)) return true;
  for (const path of patterns.paths ?? []) if (path.test(req.rawPath)) return true;
  return false;
}

/** A data plane (a website, a function URL...) answers the request, or passes it on to the APIs. */
async function viaDataPlanes(req: HttpRequest, env: DispatchEnv, ctx: RequestContext, identity: Identity, origin: OriginVerdict): Promise<Dispatched> {
  for (const manifest of dataPlaneManifests(env.registry.manifests)) {
    if (!servesDataPlane(manifest, req)) continue;
    const def = await env.registry.load(manifest);
    const response = await def.handleHttp?.(req, ctx, env.registry.stateOf(manifest.name) as never).catch((err: unknown) => internalError(err, env, manifest.name));
    if (response) return { response, service: manifest.name, operation: "dataPlane" };
  }
  return viaApi(req, env, ctx, identity, origin);
}

function viaApi(req: HttpRequest, env: DispatchEnv, ctx: RequestContext, identity: Identity, origin: OriginVerdict): Dispatched | Promise<Dispatched> {
  if (req.rawPath.startsWith("/_local/")) {
    const body = JSON.stringify({ error: "LA_ERR_NOT_FOUND", message: `no admin route ${req.method} ${req.rawPath}` });
    return { response: { status: 404, headers: { "content-type": "application/json" }, body }, service: "local", operation: "admin" };
  }
  if (mayNameActionInBody(req, identity.signingName)) return unsignedFormAction(req).then((action) => toApi(req, env, ctx, identity, action, origin));
  return toApi(req, env, ctx, identity, undefined, origin);
}

function toApi(req: HttpRequest, env: DispatchEnv, ctx: RequestContext, identity: Identity, formAction: string | undefined, origin: OriginVerdict): Dispatched | Promise<Dispatched> {
  const resolution = resolve(req, identity, env.registry.manifests, formAction);
  if (resolution.kind === "unknown") {
    const codec = codecs[resolution.protocol];
    const err = origin.kind === "foreign" ? crossOriginRefused(resolution.protocol, origin.message) : codec.unknownOperation(`The service ${resolution.name} is not implemented by local-aws.`);
    return { response: codec.encodeError(err, undefined, ctx.requestId, req), service: resolution.name, operation: "unknown" };
  }
  // A method no AWS API uses (Node's parser also takes PROPFIND, PURGE, SEARCH...): AWS's 405.
  if (!API_METHODS.has(req.method)) {
    const codec = codecs[resolution.api.protocol];
    const err = new AwsError("MethodNotAllowed", "The specified method is not allowed against this resource.", { status: 405, fields: resolution.api.protocol === "restXml" ? { Method: req.method } : {} });
    return { response: codec.encodeError(err, undefined, ctx.requestId, req), service: resolution.service.name, operation: "unknown" };
  }
  if (origin.kind !== "none") {
    if (resolution.api.ownCors) {
      // The service judges a foreign origin by its own per-resource rules (S3 bucket CORS), as AWS does.
      if (origin.kind === "foreign") ctx.foreignOrigin = origin.origin;
    } else if (origin.kind === "foreign") {
      const codec = codecs[resolution.api.protocol];
      return { response: codec.encodeError(crossOriginRefused(resolution.api.protocol, origin.message), undefined, ctx.requestId, req), service: resolution.service.name, operation: "unknown" };
    } else if (isPreflight(req)) {
      return { response: preflightAnswer(req, origin.origin), service: resolution.service.name, operation: "preflight" };
    } else {
      const headers = corsHeaders(origin.origin);
      const withCors = (d: Dispatched): Dispatched => {
        Object.assign(d.response.headers, headers);
        return d;
      };
      const dispatched = toService(req, env, ctx, resolution);
      return dispatched instanceof Promise ? dispatched.then(withCors) : withCors(dispatched);
    }
  }
  return toService(req, env, ctx, resolution);
}

const API_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);

function crossOriginRefused(protocol: string, message: string): AwsError {
  const json = protocol.startsWith("awsJson") || protocol === "restJson1";
  return new AwsError(json ? "AccessDeniedException" : "AccessDenied", message, { status: 403 });
}

function toService(req: HttpRequest, env: DispatchEnv, ctx: RequestContext, resolution: ApiResolution): Dispatched | Promise<Dispatched> {
  const def = env.registry.loadedService(resolution.service.name);
  if (!def) return env.registry.load(resolution.service).then((loaded) => runApi(req, env, ctx, resolution, loaded));
  return runApi(req, env, ctx, resolution, def);
}

function runApi(req: HttpRequest, env: DispatchEnv, ctx: RequestContext, resolution: ApiResolution, def: ServiceDef): Dispatched | Promise<Dispatched> {
  const signedPath = req.rawPath;
  // Virtual-hosted style (`bucket.s3.localhost`): the host's label becomes the first path segment.
  for (const host of resolution.api.hosts ?? []) {
    const label = host.exec(req.host)?.groups?.bucket;
    if (label) {
      req.rawPath = `/${label}${req.rawPath}`;
      break;
    }
  }
  const api = def.apis.find((a) => a.id === resolution.api.id);
  if (!api) throw new Error(`service ${def.name} has no API ${resolution.api.id}`);
  const codec = codecs[api.protocol];
  const service = resolution.service.name;
  let input: Record<string, unknown> | undefined;
  const fail = (err: unknown): Dispatched => {
    const awsErr = isAwsError(err) ? err : (malformed(err, env, api, ctx.operation, input) ?? toInternal(err, env, `${service}.${ctx.operation}`));
    return { response: codec.encodeError(awsErr, api, ctx.requestId, req), service, operation: ctx.operation || "unknown" };
  };
  const answer = (op: OperationDef<never, never>, output: unknown): Dispatched => {
    const response = codec.encode(output, op, api, ctx.requestId);
    Object.assign(response.headers, ctx.responseHeaders);
    return { response, service, operation: op.name };
  };
  const handle = (decoded: Decoded, caller?: IamCaller): Dispatched | Promise<Dispatched> => {
    const op = decoded.op;
    ctx.operation = op.name;
    ctx.bodyText = decoded.text;
    input = decoded.input;
    // --enforce-iam: policies checked before the operation runs (synchronous when cached).
    const gate = caller ? authorizeIam(env, { req, ctx, service: resolution.service, api, op, input: decoded.input, signedPath }, caller) : undefined;
    if (gate) return gate.then(() => handle(decoded)).catch(fail);
    const output = op.handle(decoded.input as never, ctx, env.registry.stateOf(service) as never);
    if (output instanceof Promise) return output.then((o: unknown) => answer(op, o)).catch(fail);
    return answer(op, output);
  };
  const decodeThenHandle = (caller: IamCaller | undefined): Dispatched | Promise<Dispatched> => {
    const decoded = codec.decode(req, api);
    if (decoded instanceof Promise) return decoded.then((d) => handle(d, caller)).catch(fail);
    return handle(decoded, caller);
  };
  try {
    // --enforce-iam: the signature is checked before the input is read and validated, as AWS does.
    const caller = env.settings.enforceIam === "on" || env.settings.enforceIam === "strict" ? authenticateIam(env, { req, ctx, service: resolution.service, api, signedPath }) : undefined;
    if (caller instanceof Promise) return caller.then(decodeThenHandle).catch(fail);
    return decodeThenHandle(caller);
  } catch (err) {
    return fail(err);
  }
}

/**
 * An unsigned Query request (curl, some SDKs' anonymous calls) names its Action only in the form
 * body; the body is read here (codecs get the same buffer) so the router can find the service.
 */
function mayNameActionInBody(req: HttpRequest, signingName: string | undefined): boolean {
  if (signingName || req.method !== "POST" || req.headers["x-amz-target"] || req.query.has("Action")) return false;
  return (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
}

async function unsignedFormAction(req: HttpRequest): Promise<string | undefined> {
  const body = await req.readBody(DEFAULT_MAX_BODY, () => commonErrors.requestTooLarge(DEFAULT_MAX_BODY)).catch(() => undefined);
  return body ? (new URLSearchParams(body.toString("utf8")).get("Action") ?? undefined) : undefined;
}

/** The services with a data plane (most have none), so that a request tests only their patterns. */
function dataPlaneManifests(manifests: ServiceManifest[]): ServiceManifest[] {
  let found = dataPlaneCache.get(manifests);
  if (!found) dataPlaneCache.set(manifests, (found = manifests.filter((m) => m.dataPlane)));
  return found;
}
const dataPlaneCache = new WeakMap<ServiceManifest[], ServiceManifest[]>();

/**
 * A handler's unexpected exception on input AWS's model says is malformed: answered with the 4xx
 * AWS gives that input, and logged (a service should have refused it itself).
 */
function malformed(err: unknown, env: DispatchEnv, api: ApiDef, operation: string, input: Record<string, unknown> | undefined): AwsError | undefined {
  const answer = malformedInputError(api, operation, input);
  if (answer) env.log.warn({ err, where: `${api.endpointName}.${operation}`, answered: answer.code }, "handler failed on malformed input; answered the model's error");
  return answer;
}

function toInternal(err: unknown, env: DispatchEnv, where: string): AwsError {
  env.log.error({ err, where }, "internal failure");
  return commonErrors.internalFailure();
}

function internalError(err: unknown, env: DispatchEnv, service: string): HttpResponse {
  const e = isAwsError(err) ? err : toInternal(err, env, service);
  return {
    status: e.status,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ __type: e.code, message: e.message }),
  };
}
