import { bareObject } from "../guard-objects.js";
import type { ApiDef, HttpBinding, HttpRequest, HttpResponse, OperationDef } from "../service.js";

interface CompiledRoute {
  op: OperationDef<never, never>;
  binding: HttpBinding;
  pattern: RegExp;
  labels: { name: string; greedy: boolean }[];
  literalLength: number;
  /** Required query keys plus required headers: more means more specific. */
  requirements: number;
}

const routeCache = new WeakMap<ApiDef, CompiledRoute[]>();

function compile(api: ApiDef): CompiledRoute[] {
  const cached = routeCache.get(api);
  if (cached) return cached;
  const routes: CompiledRoute[] = [];
  for (const op of api.operations) {
    if (!op.http) continue;
    const labels: CompiledRoute["labels"] = [];
    let literalLength = 0;
    let source = "";
    for (const piece of op.http.path.split(/(\{[^}]+\})/)) {
      const label = /^\{([^}+]+)(\+?)\}$/.exec(piece);
      if (label) {
        labels.push({ name: label[1]!, greedy: label[2] === "+" });
        source += label[2] === "+" ? "(.+)" : "([^/]+)";
      } else {
        literalLength += piece.length;
        source += piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      }
    }
    // A trailing slash is optional unless the template ends in a greedy label.
    if (!source.endsWith("(.+)")) source = source.replace(/\/$/, "") + "/?";
    routes.push({ op, binding: op.http, pattern: new RegExp(`^${source}$`), labels, literalLength, requirements: requirements(op.http) });
  }
  routeCache.set(api, routes);
  return routes;
}

const byMethodCache = new WeakMap<ApiDef, Map<string, CompiledRoute[]>>();

/** The API's routes of one method, in declaration order. */
function routesFor(api: ApiDef, method: string): CompiledRoute[] {
  let byMethod = byMethodCache.get(api);
  if (!byMethod) {
    byMethod = new Map();
    for (const route of compile(api)) {
      const list = byMethod.get(route.binding.method);
      if (list) list.push(route);
      else byMethod.set(route.binding.method, [route]);
    }
    byMethodCache.set(api, byMethod);
  }
  return byMethod.get(method) ?? [];
}

/** A binding derived from a model may require query values, not only keys (CloudFront `?Operation=Tag`). */
export interface ValuedQueryBinding extends HttpBinding {
  requiredQueryValues?: [string, string][];
}

export interface MatchedRoute {
  op: OperationDef<never, never>;
  binding: HttpBinding;
  params: Record<string, string>;
}

function requirements(binding: HttpBinding): number {
  return (binding.requiredQuery?.length ?? 0) + (binding.requiredHeaders?.length ?? 0);
}

/** Finds the most specific route: most required query keys and headers, then longest literal path. */
export function matchRoute(
  api: ApiDef,
  method: string,
  path: string,
  query: URLSearchParams,
  headers: Record<string, string | undefined> = {},
): MatchedRoute | undefined {
  let best: { route: CompiledRoute; m: RegExpExecArray } | undefined;
  // The request's parameter names once (URLSearchParams.has per required key showed in S3 profiles).
  const names = query.size > 0 ? new Set(query.keys()) : undefined;
  for (const route of routesFor(api, method)) {
    const requiredQuery = route.binding.requiredQuery;
    if (requiredQuery?.length && !(names && requiredQuery.every((q) => names.has(q)))) continue;
    if (route.binding.requiredHeaders && !route.binding.requiredHeaders.every((h) => headers[h] !== undefined)) continue;
    const values = (route.binding as ValuedQueryBinding).requiredQueryValues;
    if (values && !values.every(([k, v]) => query.get(k) === v)) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    const required = route.requirements;
    const bestRequired = best ? best.route.requirements : -1;
    if (!best || required > bestRequired || (required === bestRequired && route.literalLength > best.route.literalLength)) {
      best = { route, m };
    }
  }
  if (!best) return undefined;
  const params = bareObject<string>();
  best.route.labels.forEach((label, i) => {
    const raw = best!.m[i + 1] ?? "";
    params[label.name] = label.greedy ? raw.split("/").map(decodeSegment).join("/") : decodeSegment(raw);
  });
  return { op: best.route.op, binding: best.route.binding, params };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A bound input member and how its wire string converts (`Member:number`, `Member:boolean`, `Member:list`). */
interface MemberSpec {
  member: string;
  type: string | undefined;
}

function memberSpec(spec: string): MemberSpec {
  const [member, type] = spec.split(":") as [string, string | undefined];
  return { member, type };
}

function assign(target: Record<string, unknown>, spec: MemberSpec, value: string | string[]): void {
  const one = Array.isArray(value) ? value[0]! : value;
  if (spec.type === "number") target[spec.member] = Number(one);
  else if (spec.type === "boolean") target[spec.member] = one === "true";
  else if (spec.type === "list") target[spec.member] = Array.isArray(value) ? value : one.split(",").map((s) => s.trim());
  else target[spec.member] = one;
}

/** A binding's query/header/output maps as entry arrays, built once (Object.entries per request showed in profiles). */
interface BindingEntries {
  /** By query parameter name: a request names few of the many a route binds (S3 binds ~30). */
  query: Map<string, MemberSpec>;
  headers: [string, MemberSpec][];
  /**
   * By header name, when no two headers bind one member (then the request's order cannot change
   * which wins): a request carries ~12 headers, a route binds up to ~35 (S3), and looking each of
   * those up on the request (most absent) showed as megamorphic misses in profiles.
   */
  headerMap?: Map<string, MemberSpec>;
  prefixHeaders: [string, string][];
  outputHeaders: [string, string][];
  outputPrefixHeaders: [string, string][];
  /** Output members that leave the body (headers, status, payload). */
  bound: Set<string>;
}

const entriesCache = new WeakMap<HttpBinding, BindingEntries>();

function entriesOf(b: HttpBinding): BindingEntries {
  let e = entriesCache.get(b);
  if (!e) {
    const outputHeaders = Object.entries(b.outputHeaders ?? {});
    const outputPrefixHeaders = Object.entries(b.outputPrefixHeaders ?? {});
    const bound = new Set([...outputHeaders.map(([m]) => m), ...outputPrefixHeaders.map(([m]) => m)]);
    if (b.outputStatus) bound.add(b.outputStatus);
    if (b.outputPayload) bound.add(b.outputPayload);
    const headers = Object.entries(b.headers ?? {}).map(([name, spec]): [string, MemberSpec] => [name, memberSpec(spec)]);
    const members = new Set(headers.map(([, spec]) => spec.member));
    e = {
      query: new Map(Object.entries(b.query ?? {}).map(([name, spec]) => [name, memberSpec(spec)])),
      headers,
      headerMap: members.size === headers.length ? new Map(headers) : undefined,
      prefixHeaders: Object.entries(b.prefixHeaders ?? {}),
      outputHeaders,
      outputPrefixHeaders,
      bound,
    };
    entriesCache.set(b, e);
  }
  return e;
}

/** Input members bound to the path, the query string and headers. */
export function boundInput(req: HttpRequest, match: MatchedRoute): Record<string, unknown> {
  const input: Record<string, unknown> = Object.assign(bareObject(), match.params);
  const e = entriesOf(match.binding);
  // Walk the request's parameters, not the binding's: most requests carry none or one (the SDK's `x-id`).
  if (req.query.size > 0) {
    // A repeated parameter binds its first value (or all of them, for a list).
    const seen = req.query.size > 1 ? new Set<string>() : undefined;
    for (const [name, value] of req.query) {
      const spec = e.query.get(name);
      if (spec === undefined || seen?.has(name)) continue;
      seen?.add(name);
      assign(input, spec, spec.type === "list" ? req.query.getAll(name) : value);
    }
  }
  const headerMap = e.headerMap;
  if (!headerMap) {
    for (const [name, spec] of e.headers) {
      const v = req.headers[name];
      if (v !== undefined) assign(input, spec, v);
    }
  }
  const prefixes = e.prefixHeaders;
  if (headerMap || prefixes.length > 0) {
    // One walk over the request's headers binds both exact names and prefixes (x-amz-meta-*).
    let maps: (Record<string, string> | undefined)[] | undefined;
    for (const name in req.headers) {
      const v = req.headers[name];
      if (v === undefined) continue;
      const spec = headerMap?.get(name);
      if (spec !== undefined) assign(input, spec, v);
      for (let i = 0; i < prefixes.length; i++) {
        const prefix = prefixes[i]![0];
        if (name.startsWith(prefix)) ((maps ??= [])[i] ??= bareObject<string>())[name.slice(prefix.length)] = v;
      }
    }
    if (maps) for (let i = 0; i < prefixes.length; i++) if (maps[i]) input[prefixes[i]![1]] = maps[i];
  }
  return input;
}

/** Moves output members bound to headers/status/payload into the response; returns the rest. */
export function applyOutputBindings(
  output: Record<string, unknown>,
  binding: HttpBinding,
  response: HttpResponse,
): Record<string, unknown> {
  const e = entriesOf(binding);
  const rest: Record<string, unknown> = {};
  for (const k in output) if (!e.bound.has(k)) rest[k] = output[k];
  for (const [member, header] of e.outputHeaders) {
    const v = output[member];
    if (v === undefined || v === null) continue;
    response.headers[header] = v instanceof Date ? v.toUTCString() : String(v);
  }
  for (const [member, prefix] of e.outputPrefixHeaders) {
    const map = output[member] as Record<string, string> | undefined;
    if (map) for (const k in map) response.headers[prefix + k] = map[k]!;
  }
  if (binding.outputStatus) {
    const s = output[binding.outputStatus];
    if (typeof s === "number") response.status = s;
  }
  if (binding.outputPayload) {
    const p = output[binding.outputPayload];
    if (p !== undefined && p !== null) response.body = p as HttpResponse["body"];
  }
  return rest;
}
