/**
 * CloudFront Functions on a behaviour (LIVE stage): viewer-request (may rewrite the request or
 * answer it) and viewer-response (may change the response), with the event shape AWS documents.
 */
import type { CachedResponse } from "../cache.js";
import type { CacheBehavior, DistributionMeta, Json } from "../distribution.js";
import { errorPage, pageTexts } from "../pages.js";
import { cookiesOf, queryOf, type EdgeRequest } from "../request.js";
import type { EdgeState, ServedFunction } from "../state.js";
import type { FunctionMeta } from "./model.js";
import { originOverride } from "./origin-override.js";
import { runtimeOf } from "./sandbox.js";

interface ValueField {
  value: string;
  multiValue?: { value: string }[];
  attributes?: string;
}
type Fields = Record<string, ValueField>;

export function functionArnFor(b: CacheBehavior, eventType: string): string | undefined {
  const items = (b.FunctionAssociations as { Items?: { FunctionARN?: string; EventType?: string }[] } | undefined)?.Items ?? [];
  return items.find((i) => i.EventType === eventType)?.FunctionARN;
}

/** The ids of the KeyValueStores a function is associated with (cf.kvs() reads the first). */
export function kvsIdsOf(config: Json): string[] {
  const items = (config.KeyValueStoreAssociations as { Items?: { KeyValueStoreARN?: string }[] } | undefined)?.Items ?? [];
  return items.map((i) => (i.KeyValueStoreARN ?? "").slice((i.KeyValueStoreARN ?? "").lastIndexOf("/") + 1));
}

/** The ARNs of every function a distribution's behaviours use (FunctionInUse). */
export function functionArnsOf(meta: DistributionMeta): string[] {
  const behaviors = [meta.config.DefaultCacheBehavior, ...(meta.config.CacheBehaviors?.Items ?? [])];
  const items = behaviors.flatMap((b) => (b.FunctionAssociations as { Items?: { FunctionARN?: string }[] } | undefined)?.Items ?? []);
  return items.map((i) => i.FunctionARN ?? "");
}

function fields(): Fields {
  return Object.create(null) as Fields;
}

function requestEvent(r: EdgeRequest): Json {
  const headers = fields();
  for (const [k, v] of Object.entries(r.headers)) if (k !== "cookie") headers[k] = { value: v };
  const querystring = fields();
  for (const [k, v] of queryOf(r.querystring)) {
    const had = querystring[k];
    if (had) (had.multiValue ??= [{ value: had.value }]).push({ value: v });
    else querystring[k] = { value: v };
  }
  const cookies = fields();
  for (const [k, v] of cookiesOf(r.headers.cookie)) {
    const had = cookies[k];
    if (had) (had.multiValue ??= [{ value: had.value }]).push({ value: v });
    else cookies[k] = { value: v };
  }
  return { method: r.method, uri: r.uri, querystring, headers, cookies };
}

function responseEvent(res: CachedResponse): Json {
  const headers = fields();
  for (const [k, v] of Object.entries(res.headers)) if (k !== "set-cookie") headers[k] = { value: v };
  const cookies = fields();
  if (res.headers["set-cookie"]) {
    const [pair, ...attrs] = res.headers["set-cookie"].split(";");
    const eq = pair!.indexOf("=");
    if (eq > 0) cookies[pair!.slice(0, eq).trim()] = { value: pair!.slice(eq + 1).trim(), attributes: attrs.join(";").trim() };
  }
  return { statusCode: res.status, statusDescription: "", headers, cookies };
}

/** Names a function may not add or change (AWS answers 502). */
function disallowedHeader(name: string): boolean {
  return name.startsWith("x-amz-cf-") || name.startsWith("x-edge-") || name === "x-real-ip" || name === "x-forwarded-proto" || name === "transfer-encoding" || name === "via" || name === "connection";
}

function failed(status: 502 | 503, requestId: string): CachedResponse {
  return errorPage(status, status === 503 ? pageTexts.functionFailed : pageTexts.functionInvalid, requestId);
}

function valuesOf(f: unknown, onBad: () => never): [string, string][] {
  if (f === undefined || f === null) return [];
  if (typeof f !== "object") onBad();
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(f as Record<string, unknown>)) {
    const field = v as ValueField | null;
    if (!field || typeof field !== "object" || typeof field.value !== "string") onBad();
    if (Array.isArray(field.multiValue)) for (const m of field.multiValue) out.push([k, String((m as { value?: unknown }).value ?? "")]);
    else out.push([k, field.value]);
  }
  return out;
}

class InvalidResult extends Error {}
const bad = (): never => {
  throw new InvalidResult();
};

export interface FunctionContext {
  state: EdgeState;
  meta: DistributionMeta;
  requestId: string;
}

function liveFunction(state: EdgeState, account: string, name: string): ServedFunction | undefined {
  const key = `${account} ${name}`;
  let fn = state.servedFunctions.get(key);
  if (fn === undefined) {
    const row = state.sql.function.get(account, name, "LIVE");
    fn = row ? { code: row.code.toString("utf8"), config: (JSON.parse(row.meta) as FunctionMeta).config } : null;
    if (state.servedFunctions.size > 10_000) state.servedFunctions.clear();
    state.servedFunctions.set(key, fn);
  }
  return fn ?? undefined;
}

async function run(c: FunctionContext, arn: string, eventType: string, payload: Json): Promise<{ value: Json; origin?: unknown; originId?: string } | { failure: 503 | 502 }> {
  const name = arn.slice(arn.lastIndexOf("/") + 1);
  const account = /^arn:aws:cloudfront::(\d{12}):function\//.exec(arn)?.[1] ?? "";
  const fn = liveFunction(c.state, account, name);
  if (!fn) return { failure: 503 };
  const event = { version: "1.0", context: { distributionDomainName: c.meta.domain, distributionId: c.meta.id, eventType, requestId: c.requestId }, ...payload };
  const now = c.state.env.clock.now();
  const result = await c.state.sandbox.run(fn.code, event, now, runtimeOf(fn.config), kvsIdsOf(fn.config));
  if (result.logs.length > 0 || !result.ok) shipLogs(c, account, name, now, result.ok ? result.logs : [...result.logs, `ERROR ${result.error ?? "The function failed."}`]);
  if (!result.ok) return { failure: 503 };
  const value = result.value as Json | null;
  if (!value || typeof value !== "object" || Array.isArray(value)) return { failure: 502 };
  return { value, origin: result.origin, originId: result.originId };
}

/** The run's console output to `/aws/cloudfront/function/<Name>` (us-east-1), as CloudFront writes it. */
function shipLogs(c: FunctionContext, account: string, name: string, now: number, lines: string[]): void {
  const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, "/");
  const events = lines.map((message) => ({ timestamp: now, message: `${c.requestId} ${message}` }));
  const written = c.state.env.ports
    .get("LogSink")
    .then((sink) => sink.put({ accountId: account, region: "us-east-1" }, `/aws/cloudfront/function/${name}`, `${day}/${c.meta.id}`, events))
    .catch((err: unknown) => c.state.env.log.debug({ err }, "edge: function logs not written"));
  void c.state.env.bus.track(written);
}

function generated(value: Json): CachedResponse {
  const status = value.statusCode;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) return bad();
  const headers: Record<string, string> = {};
  for (const [k, v] of valuesOf(value.headers, bad)) {
    const name = k.toLowerCase();
    if (disallowedHeader(name)) bad();
    headers[name] = headers[name] !== undefined ? `${headers[name]}, ${v}` : v;
  }
  const cookies = value.cookies as Record<string, ValueField> | undefined;
  if (cookies && typeof cookies === "object") {
    const set = Object.entries(cookies).map(([k, c]) => `${k}=${c?.value ?? ""}${c?.attributes ? `; ${c.attributes}` : ""}`);
    if (set.length > 0) headers["set-cookie"] = set.join(", ");
  }
  const body = value.body as string | { data?: string; encoding?: string } | undefined;
  const bytes = typeof body === "string" ? Buffer.from(body) : body?.encoding === "base64" ? Buffer.from(body.data ?? "", "base64") : Buffer.from(body?.data ?? "");
  return { status, headers, body: bytes };
}

export type ViewerRequestOutcome = { request: EdgeRequest } | { response: CachedResponse; generated: boolean };

export async function functionViewerRequest(c: FunctionContext, behavior: CacheBehavior, r: EdgeRequest): Promise<ViewerRequestOutcome> {
  const arn = functionArnFor(behavior, "viewer-request");
  if (arn === undefined) return { request: r };
  const out = await run(c, arn, "viewer-request", { viewer: { ip: r.clientIp }, request: requestEvent(r) });
  if ("failure" in out) return { response: failed(out.failure, c.requestId), generated: false };
  try {
    if (out.value.statusCode !== undefined) return { response: generated(out.value), generated: true };
    const uri = out.value.uri;
    if (typeof uri !== "string" || !uri.startsWith("/")) bad();
    const headers: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of valuesOf(out.value.headers, bad)) {
      const name = k.toLowerCase();
      if (disallowedHeader(name)) bad();
      headers[name] = headers[name] !== undefined ? `${headers[name]},${v}` : v;
    }
    // Host is read-only in a viewer-request function.
    if (headers.host !== r.headers.host) bad();
    const cookies = valuesOf(out.value.cookies, bad);
    if (cookies.length > 0) headers.cookie = cookies.map(([k, v]) => `${k}=${v}`).join("; ");
    const query = new URLSearchParams();
    for (const [k, v] of valuesOf(out.value.querystring, bad)) query.append(k, v);
    const base = (c.meta.config.Origins.Items ?? []).find((o) => o.Id === behavior.TargetOriginId);
    const origin = out.origin !== undefined || out.originId !== undefined ? originOverride(c.meta, base, out.origin, out.originId) : undefined;
    return { request: { ...r, uri: uri as string, querystring: query.toString(), headers, ...(origin ? { origin } : {}) } };
  } catch (err) {
    if (err instanceof InvalidResult) return { response: failed(502, c.requestId), generated: false };
    throw err;
  }
}

/** A viewer-response function: may change the status, headers and cookies (not the body). */
export async function functionViewerResponse(c: FunctionContext, behavior: CacheBehavior, r: EdgeRequest, res: CachedResponse): Promise<{ response: CachedResponse; failed: boolean }> {
  const arn = functionArnFor(behavior, "viewer-response");
  if (arn === undefined) return { response: res, failed: false };
  const out = await run(c, arn, "viewer-response", { viewer: { ip: r.clientIp }, request: requestEvent(r), response: responseEvent(res) });
  if ("failure" in out) return { response: failed(out.failure, c.requestId), failed: true };
  try {
    const changed = generated(out.value);
    // The body is set-only in a viewer-request; a viewer-response keeps the origin's.
    return { response: { status: changed.status, headers: changed.headers, body: res.body }, failed: false };
  } catch (err) {
    if (err instanceof InvalidResult) return { response: failed(502, c.requestId), failed: true };
    throw err;
  }
}
