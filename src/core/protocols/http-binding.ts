import type { ApiDef, HttpBinding, HttpRequest, HttpResponse, OperationDef } from "../service.js";

interface CompiledRoute {
  op: OperationDef<never, never>;
  binding: HttpBinding;
  pattern: RegExp;
  labels: { name: string; greedy: boolean }[];
  literalLength: number;
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
    routes.push({ op, binding: op.http, pattern: new RegExp(`^${source}$`), labels, literalLength });
  }
  routeCache.set(api, routes);
  return routes;
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
  for (const route of compile(api)) {
    if (route.binding.method !== method) continue;
    if (!(route.binding.requiredQuery ?? []).every((q) => query.has(q))) continue;
    if (!(route.binding.requiredHeaders ?? []).every((h) => headers[h] !== undefined)) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    const required = requirements(route.binding);
    const bestRequired = best ? requirements(best.route.binding) : -1;
    if (!best || required > bestRequired || (required === bestRequired && route.literalLength > best.route.literalLength)) {
      best = { route, m };
    }
  }
  if (!best) return undefined;
  const params: Record<string, string> = {};
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

/** `Member:number`, `Member:boolean`, `Member:list` convert the string from the wire. */
function assign(target: Record<string, unknown>, spec: string, value: string | string[]): void {
  const [member, type] = spec.split(":") as [string, string | undefined];
  const one = Array.isArray(value) ? value[0]! : value;
  if (type === "number") target[member] = Number(one);
  else if (type === "boolean") target[member] = one === "true";
  else if (type === "list") target[member] = Array.isArray(value) ? value : one.split(",").map((s) => s.trim());
  else target[member] = one;
}

/** Input members bound to the path, the query string and headers. */
export function boundInput(req: HttpRequest, match: MatchedRoute): Record<string, unknown> {
  const input: Record<string, unknown> = { ...match.params };
  const b = match.binding;
  if (b.query) {
    for (const [name, spec] of Object.entries(b.query)) {
      const values = req.query.getAll(name);
      if (values.length > 0) assign(input, spec, spec.endsWith(":list") ? values : values[0]!);
    }
  }
  if (b.headers) {
    for (const [name, spec] of Object.entries(b.headers)) {
      const v = req.headers[name];
      if (v !== undefined) assign(input, spec, v);
    }
  }
  if (b.prefixHeaders) {
    for (const [prefix, member] of Object.entries(b.prefixHeaders)) {
      const map: Record<string, string> = {};
      for (const [h, v] of Object.entries(req.headers)) if (h.startsWith(prefix) && v !== undefined) map[h.slice(prefix.length)] = v;
      if (Object.keys(map).length > 0) input[member] = map;
    }
  }
  return input;
}

/** Moves output members bound to headers/status/payload into the response; returns the rest. */
export function applyOutputBindings(
  output: Record<string, unknown>,
  binding: HttpBinding,
  response: HttpResponse,
): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...output };
  for (const [member, header] of Object.entries(binding.outputHeaders ?? {})) {
    const v = rest[member];
    delete rest[member];
    if (v === undefined || v === null) continue;
    response.headers[header] = v instanceof Date ? v.toUTCString() : String(v);
  }
  for (const [member, prefix] of Object.entries(binding.outputPrefixHeaders ?? {})) {
    const map = rest[member] as Record<string, string> | undefined;
    delete rest[member];
    for (const [k, v] of Object.entries(map ?? {})) response.headers[prefix + k] = v;
  }
  if (binding.outputStatus) {
    const s = rest[binding.outputStatus];
    delete rest[binding.outputStatus];
    if (typeof s === "number") response.status = s;
  }
  if (binding.outputPayload) {
    const p = rest[binding.outputPayload];
    delete rest[binding.outputPayload];
    if (p !== undefined && p !== null) response.body = p as HttpResponse["body"];
  }
  return rest;
}
