/**
 * `--enforce-iam on|strict`, in AWS's order. First, before the input is decoded and validated
 * (authenticateIam): a request signed with a key local-aws issued (identity pools and STS: ASIA
 * keys; IAM CreateAccessKey: AKIA keys) has its signature, session token, clock skew (wall clock)
 * and expiry (the server's clock) checked; other keys act as the account's root under `on`, and
 * `strict` refuses them unless they are a 12-digit account id (the local convention for the
 * account's own keys), and refuses unsigned requests but to the operations AWS serves unsigned.
 * Then, once the operation and input are known (authorizeIam), each permission the service
 * declares is authorized by IAM (identity policies ∩ boundary ∩ session policies). Everything is
 * cached (ports, declarations, signing keys, compiled policies in IAM), so a request whose body
 * is in memory is checked synchronously.
 */
import { realTime, type Clock } from "../clock.js";
import type { RequestContext } from "../context.js";
import { commonErrors } from "../errors.js";
import type { CredentialResolver, PolicyDecision, PrincipalPolicies, ResolvedCredentials } from "../ports.js";
import { DEFAULT_MAX_BODY } from "../protocols/codec.js";
import type { ApiDef, HttpRequest, OperationDef, PortRegistry, ServiceManifest } from "../service.js";
import type { Settings } from "../settings.js";
import * as errors from "./errors.js";
import { verifySignature, type VerifyState } from "./verify.js";
import { anonymousOperations } from "./anonymous.js";
import type { AuthorizationTarget, ServiceAuthorization } from "./types.js";

export interface EnforceEnv {
  settings: Settings;
  clock: Clock;
  registry: PortRegistry & { stateOf(service: string): unknown };
}

export interface IssuerPorts {
  resolver: CredentialResolver;
  policies: PrincipalPolicies;
}

interface EnforcerState extends VerifyState {
  ports?: IssuerPorts;
  /** Per service name: its declaration, or null when it has none. */
  declarations: Map<string, ServiceAuthorization | null>;
  /** Global condition keys per key, region and transport, for the current second, with the decisions made under them. */
  contexts: WeakMap<ResolvedCredentials, SessionContext>;
}

/**
 * A session's global condition keys for one second, and the decisions made under them while IAM
 * has not changed: by action, then resource (the same strings request after request, whose hashes
 * the engine keeps), then the request's own condition keys.
 */
interface SessionContext {
  second: number;
  region: string;
  secure: string;
  context: Context;
  generation: number;
  decisions: Map<string, Map<string, Map<string, PolicyDecision>>>;
  size: number;
}

/** Per server (keyed by its registry): nothing is shared between two servers in one process. */
const enforcers = new WeakMap<object, EnforcerState>();

function enforcerOf(env: EnforceEnv): EnforcerState {
  let st = enforcers.get(env.registry);
  if (!st) enforcers.set(env.registry, (st = { declarations: new Map(), contexts: new WeakMap(), keys: undefined }));
  return st;
}

export async function issuerPorts(st: { ports?: IssuerPorts }, registry: PortRegistry): Promise<IssuerPorts> {
  st.ports ??= { resolver: await registry.get("CredentialResolver"), policies: await registry.get("PrincipalPolicies") };
  return st.ports;
}

/** The credentials local-aws issued under this key id, or undefined. */
export function issuedCredentials(ports: IssuerPorts, accessKeyId: string): ResolvedCredentials | undefined {
  if (accessKeyId.startsWith("ASIA")) return ports.resolver.resolve(accessKeyId);
  if (accessKeyId.startsWith("AKIA")) return ports.policies.accessKey(accessKeyId);
  return undefined;
}

/** A request as authentication sees it: the route is known, the input not yet decoded. */
export interface AuthenticatingRequest {
  req: HttpRequest;
  ctx: RequestContext;
  service: ServiceManifest;
  api: ApiDef;
  /** The path as the client signed it (before a virtual-hosted bucket was moved into it). */
  signedPath: string;
}

/** A request as authorization sees it: its operation and decoded (validated) input. */
export interface EnforcedRequest extends AuthenticatingRequest {
  op: OperationDef<never, never>;
  input: Record<string, unknown>;
}

/**
 * What authentication leaves for after decoding: credentials whose signature checked out (their
 * policies are asked), `unsigned` (`strict`: only an operation AWS serves without a signature may
 * proceed), or `deferred` (a streamed body whose operation must be known before the signature can
 * be checked). undefined: nothing more to check (the account's root, or `on` without a signature).
 */
export type IamCaller = ResolvedCredentials | "unsigned" | "deferred";

/**
 * The first step of `--enforce-iam`, before the input is decoded and validated (AWS authenticates
 * a request before it reads it): the signature of a key local-aws issued is verified, an unknown
 * key refused under `strict`, an unsigned request refused under `strict` (unless the API serves
 * some operations unsigned: then once the operation is known). Throws AWS's error, or resolves
 * (synchronously when it can) to what authorization needs.
 */
export function authenticateIam(env: EnforceEnv, r: AuthenticatingRequest): IamCaller | undefined | Promise<IamCaller | undefined> {
  const key = r.ctx.accessKeyId;
  const mode = env.settings.enforceIam;
  if (!key) {
    if (mode !== "strict") return undefined;
    const anonymous = anonymousOperations(r.api.id);
    if (anonymous === "all") return undefined;
    if (anonymous) return "unsigned";
    throw errors.missingAuthentication(errors.styleOf(r.api.protocol));
  }
  const issuedShape = key.startsWith("ASIA") || key.startsWith("AKIA");
  if (!issuedShape && mode !== "strict") return undefined;
  const st = enforcerOf(env);
  if (!st.ports) return issuerPorts(st, env.registry).then(() => authenticateIam(env, r));
  const creds = issuedCredentials(st.ports, key);
  if (!creds) {
    if (mode === "strict" && !/^\d{12}$/.test(key)) throw errors.unknownAccessKey(errors.styleOf(r.api.protocol), key);
    return undefined;
  }
  const body = payloadOf(r);
  if (body === "deferred") return "deferred";
  if (body instanceof Promise) return body.then((b) => verified(env, st, r, creds, b));
  return verified(env, st, r, creds, body);
}

/**
 * The second step, once the operation and its input are known: each permission the service
 * declares for it is authorized by IAM. Resolves (or returns undefined synchronously) when the
 * request may proceed; throws AWS's error otherwise.
 */
export function authorizeIam(env: EnforceEnv, r: EnforcedRequest, caller: IamCaller): void | Promise<void> {
  if (caller === "unsigned") {
    const anonymous = anonymousOperations(r.api.id);
    if (anonymous !== "all" && !anonymous?.has(r.op.name)) throw errors.missingAuthentication(errors.styleOf(r.api.protocol));
    return;
  }
  const st = enforcerOf(env);
  if (caller === "deferred") {
    const creds = issuedCredentials(st.ports!, r.ctx.accessKeyId!)!;
    const proceed = (body: Buffer | "unsigned"): void | Promise<void> => {
      const checked = verified(env, st, r, creds, body);
      return checked ? authorizeIam(env, r, checked) : undefined;
    };
    const body = r.op.http?.streaming ? "unsigned" : readBody(r);
    return body instanceof Promise ? body.then(proceed) : proceed(body);
  }
  const declared = st.declarations.get(r.service.name);
  if (declared === undefined) {
    const load = r.service.authorization;
    if (!load) {
      st.declarations.set(r.service.name, null);
      return;
    }
    return load().then((d) => {
      st.declarations.set(r.service.name, d);
      authorize(env, st, r, caller, d);
    });
  }
  if (declared) authorize(env, st, r, caller, declared);
}

const NO_QUERY = new URLSearchParams();

/**
 * The body when the payload hash must be computed from it; "header" when the request names its
 * payload hash (S3, presigned URLs); "deferred" when the body is still a stream an operation may
 * take as it comes (S3 PutObject, Lambda InvokeAsync), which only decoding can tell.
 */
function payloadOf(r: AuthenticatingRequest): Buffer | "header" | "deferred" | Promise<Buffer> {
  // S3 signs the payload hash it sends (and checks the body against it itself); every other service hashes the body.
  if ((r.api.protocol === "restXml" && r.req.headers["x-amz-content-sha256"] !== undefined) || (r.req.rawQuery !== "" && r.req.query.has("X-Amz-Signature"))) return "header";
  const now = readBodyNow(r);
  if (now) return now;
  if (streamsInput(r.api)) return "deferred";
  return readBody(r);
}

function bodyLimit(r: AuthenticatingRequest): { limit: number; tooLarge: () => Error } {
  const limit = r.api.maxBodyBytes ?? DEFAULT_MAX_BODY;
  // The codec's own error for a body over the limit (the body is read once: the first reader's error stays).
  return { limit, tooLarge: () => (r.api.tooLarge ?? commonErrors.requestTooLarge)(limit) };
}

function readBodyNow(r: AuthenticatingRequest): Buffer | undefined {
  const { limit, tooLarge } = bodyLimit(r);
  return r.req.readBodyNow(limit, tooLarge);
}

function readBody(r: AuthenticatingRequest): Buffer | Promise<Buffer> {
  const { limit, tooLarge } = bodyLimit(r);
  return r.req.readBodyNow(limit, tooLarge) ?? r.req.readBody(limit, tooLarge);
}

/** Whether any operation of the API takes its body as a stream. */
function streamsInput(api: ApiDef): boolean {
  let streams = streamingApis.get(api);
  if (streams === undefined) streamingApis.set(api, (streams = api.operations.some((op) => op.http?.streaming === true)));
  return streams;
}
const streamingApis = new WeakMap<ApiDef, boolean>();

/** Checks the signature; returns the credentials when their policies must be asked, undefined for the account's root. */
function verified(env: EnforceEnv, st: EnforcerState, r: AuthenticatingRequest, creds: ResolvedCredentials, body: Buffer | "header" | "unsigned"): ResolvedCredentials | undefined {
  const style = errors.styleOf(r.api.protocol);
  // The request as signed: the path before a virtual-hosted bucket was moved into it.
  const signed = r.signedPath === r.req.rawPath ? r.req : { method: r.req.method, rawPath: r.signedPath, rawQuery: r.req.rawQuery, headers: r.req.headers };
  verifySignature(st, signed, r.req.rawQuery === "" ? NO_QUERY : r.req.query, creds, {
    style,
    body,
    now: env.clock.now(),
    wallNow: realTime.now(),
  });
  r.ctx.accountId = creds.account;
  return creds.principalArn.endsWith(":root") ? undefined : creds;
}

type Context = Record<string, string | string[] | undefined>;

/**
 * The global condition keys of a request: the session's own (principal, identity pool ...) and the
 * request's (time, region, transport), built once per key and second and shared by its requests.
 */
function sessionContextOf(st: EnforcerState, env: EnforceEnv, r: EnforcedRequest, creds: ResolvedCredentials): SessionContext {
  const seconds = Math.floor(env.clock.now() / 1000);
  const secure = r.req.endpoint.startsWith("https:") ? "true" : "false";
  const region = r.ctx.region;
  // Per credentials object (the resolver keeps one per key): no key text to build per request.
  const cached = st.contexts.get(creds);
  if (cached && cached.second === seconds && cached.region === region && cached.secure === secure) return cached;
  const context: Context = {
    ...creds.contextKeys,
    "aws:CurrentTime": new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    "aws:EpochTime": String(seconds),
    "aws:RequestedRegion": region,
    "aws:SecureTransport": secure,
  };
  const session: SessionContext = { second: seconds, region, secure, context, generation: -1, decisions: new Map(), size: 0 };
  st.contexts.set(creds, session);
  return session;
}

/** A condition key's value in a decision's memo key: length-prefixed, so no two values share one. */
function contextValueId(value: string | string[] | undefined): string {
  if (value === undefined) return "!";
  if (typeof value === "string") return `=${value.length}:${value}`;
  let id = `[${value.length}`;
  for (const v of value) id += `,${v.length}:${v}`;
  return id;
}

const MAX_DECISIONS = 256;

/**
 * IAM's decision for one permission. A request asking the same permission with the same service
 * keys in the same second, while IAM has not changed, gets the decision already made.
 */
function decided(session: SessionContext, policies: PrincipalPolicies, creds: ResolvedCredentials, target: AuthorizationTarget): PolicyDecision {
  const generation = policies.generation();
  if (session.generation !== generation) {
    session.decisions.clear();
    session.size = 0;
    session.generation = generation;
  }
  let byResource = session.decisions.get(target.action);
  if (!byResource) session.decisions.set(target.action, (byResource = new Map()));
  let byContext = byResource.get(target.resource);
  if (!byContext) byResource.set(target.resource, (byContext = new Map()));
  let id = "";
  if (target.context) for (const key in target.context) id += `\n${key}${contextValueId(target.context[key])}`;
  let decision = byContext.get(id);
  if (!decision) {
    const context = target.context ? Object.assign(Object.create(session.context) as Context, target.context) : session.context;
    decision = policies.authorize(creds, target.action, target.resource, context);
    if (session.size < MAX_DECISIONS) {
      byContext.set(id, decision);
      session.size++;
    }
  }
  return decision;
}

function authorize(env: EnforceEnv, st: EnforcerState, r: EnforcedRequest, creds: ResolvedCredentials, declared: ServiceAuthorization): void {
  const targets = declared.targets({ api: r.api.id, operation: r.op.name, input: r.input, accountId: r.ctx.accountId, region: r.ctx.region, state: env.registry.stateOf(r.service.name), ctx: r.ctx });
  if (!targets || targets.length === 0) return;
  const session = sessionContextOf(st, env, r, creds);
  const policies = st.ports!.policies;
  for (const target of targets) {
    const decision = decided(session, policies, creds, target);
    if (decision.allowed) continue;
    const action = declared.actionInMessage?.(r.api.id, target.action) ?? target.action;
    const reason = (decision.reason ?? `because no identity-based policy allows the ${target.action} action`).replace(target.action, action);
    const resource = declared.resourceInMessage?.(r.api.id, target.resource) ?? target.resource;
    const message = `User: ${creds.principalArn} is not authorized to perform: ${action} on resource: ${resource} ${reason}`;
    throw declared.accessDenied?.(r.api.id, message) ?? errors.accessDenied(errors.styleOf(r.api.protocol), message);
  }
}
