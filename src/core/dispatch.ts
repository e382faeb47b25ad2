import type { BlobStore } from "./blobs.js";
import type { EventBus } from "./bus.js";
import type { Clock } from "./clock.js";
import type { RequestContext } from "./context.js";
import type { Store } from "./db.js";
import { AwsError, commonErrors, isAwsError } from "./errors.js";
import { requestId as newRequestId } from "./ids.js";
import type { Logger } from "./logger.js";
import { DEFAULT_MAX_BODY } from "./protocols/codec.js";
import { codecs } from "./protocols/index.js";
import type { ServiceRegistry } from "./registry.js";
import { identify, resolve } from "./router.js";
import type { HttpRequest, HttpResponse, ServiceManifest } from "./service.js";
import type { Settings } from "./settings.js";

export interface DispatchEnv {
  clock: Clock;
  bus: EventBus;
  store: Store;
  blobs: BlobStore;
  log: Logger;
  settings: Settings;
  registry: ServiceRegistry;
}

export interface Dispatched {
  response: HttpResponse;
  service: string;
  operation: string;
}

/** decode → handle → encode. The one place that turns thrown errors into responses. */
export async function dispatch(req: HttpRequest, env: DispatchEnv): Promise<Dispatched> {
  const requestId = newRequestId();
  const identity = identify(req, env.settings);
  const ctx: RequestContext = {
    requestId,
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
    responseHeaders: {},
  };

  for (const manifest of dataPlaneManifests(env.registry.manifests)) {
    const dp = manifest.dataPlane!;
    if (!(dp.hosts?.some((h) => h.test(req.host)) || dp.paths?.some((p) => p.test(req.rawPath)))) continue;
    const def = await env.registry.load(manifest);
    const response = await def.handleHttp?.(req, ctx).catch((err: unknown) => internalError(err, env, manifest.name));
    if (response) return { response, service: manifest.name, operation: "dataPlane" };
  }

  if (req.rawPath.startsWith("/_local/")) {
    const body = JSON.stringify({ error: "LA_ERR_NOT_FOUND", message: `no admin route ${req.method} ${req.rawPath}` });
    return { response: { status: 404, headers: { "content-type": "application/json" }, body }, service: "local", operation: "admin" };
  }
  const formAction = mayNameActionInBody(req, identity.signingName) ? await unsignedFormAction(req) : undefined;
  const resolution = resolve(req, identity, env.registry.manifests, formAction);
  if (resolution.kind === "unknown") {
    const codec = codecs[resolution.protocol];
    const err = codec.unknownOperation(`The service ${resolution.name} is not implemented by local-aws.`);
    return { response: codec.encodeError(err, undefined, requestId, req), service: resolution.name, operation: "unknown" };
  }
  const def = env.registry.loadedService(resolution.service.name) ?? (await env.registry.load(resolution.service));
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
  try {
    const { op, input } = await codec.decode(req, api);
    ctx.operation = op.name;
    const output = await op.handle(input as never, ctx);
    const response = codec.encode(output, op, api, requestId);
    Object.assign(response.headers, ctx.responseHeaders);
    return { response, service: resolution.service.name, operation: op.name };
  } catch (err) {
    const awsErr = isAwsError(err) ? err : toInternal(err, env, `${resolution.service.name}.${ctx.operation}`);
    const response = codec.encodeError(awsErr, api, requestId, req);
    return { response, service: resolution.service.name, operation: ctx.operation || "unknown" };
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
