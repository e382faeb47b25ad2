/**
 * restJson1 for an API with a model (ApiDef.model): bindings, wire names and timestamps come from
 * AWS's model, the input is checked against it before the handler runs. Operations may still
 * declare their own `http` (it wins over the model's).
 */
import { AwsError, commonErrors } from "../errors.js";
import { apiModel, checkInput, prepareRoutes } from "../models/index.js";
import type { ApiDef, HttpRequest, HttpResponse, OperationDef } from "../service.js";
import { toJsonWire } from "./aws-json.js";
import { DEFAULT_MAX_BODY, type Decoded } from "./codec.js";
import { applyOutputBindings, boundInput, matchRoute } from "./http-binding.js";

function malformed(): AwsError {
  return new AwsError("SerializationException", "Could not parse request body into json: malformed JSON.", { status: 400 });
}

function parseBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw malformed();
  }
}

/**
 * Copies a parsed JSON object's members (never `__proto__`, which would set a prototype); a body
 * member never replaces one bound to the path, query or headers.
 */
function assignMembers(target: Record<string, unknown>, source: unknown): void {
  if (typeof source !== "object" || source === null || Array.isArray(source)) {
    throw new AwsError("SerializationException", "Could not parse request body into json: expected an object.", { status: 400 });
  }
  for (const k of Object.keys(source)) if (k !== "__proto__" && !Object.hasOwn(target, k)) target[k] = (source as Record<string, unknown>)[k];
}

export async function decodeWithModel(req: HttpRequest, api: ApiDef, unknownOperation: (message: string) => Error): Promise<Decoded> {
  prepareRoutes(api);
  const match = matchRoute(api, req.method, req.rawPath, req.query, req.headers);
  if (!match) throw unknownOperation(`No operation matches ${req.method} ${req.rawPath} (not supported by local-aws).`);
  const model = apiModel(api)!;
  const input = boundInput(req, match);
  const limit = api.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const tooLarge = (): Error => (api.tooLarge ?? commonErrors.requestTooLarge)(limit);
  if (!model.operation(match.op.name)) {
    // An operation the model does not have (declared with its own `http`): bound as declared, unchecked.
    if (match.binding.payload) input[match.binding.payload] = match.binding.streaming ? req.bodyStream : await req.readBody(limit, tooLarge);
    else {
      const parsed = parseBody(await req.readBody(limit, tooLarge));
      if (parsed !== undefined) assignMembers(input, parsed);
    }
    return { op: match.op, input };
  }
  const rest = model.rest(match.op.name);
  const { extras, binding } = rest;
  if (extras.queryMap && req.query.size > 0) {
    const named = new Set(Object.keys(binding.query ?? {}));
    const map: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of req.query) if (!named.has(k) && !(binding.requiredQuery ?? []).includes(k)) map[k] = v;
    input[extras.queryMap] = map;
  }
  for (const member of extras.timestamps ?? []) {
    const v = input[member];
    if (typeof v === "string") {
      const d = /^\d+(\.\d+)?$/.test(v) ? new Date(Number(v) * 1000) : new Date(v);
      if (!Number.isNaN(d.getTime())) input[member] = d;
    }
  }
  for (const member of extras.numberLabels ?? []) {
    const v = input[member];
    if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) input[member] = Number(v);
  }
  if (binding.payload && !extras.payloadStructure) {
    input[binding.payload] = binding.streaming ? req.bodyStream : await req.readBody(limit, tooLarge);
  } else {
    const parsed = parseBody(await req.readBody(limit, tooLarge));
    if (parsed !== undefined) {
      let value: unknown = parsed;
      try {
        if (rest.inputJson) value = rest.inputJson(parsed);
      } catch (err) {
        if (err instanceof RangeError) throw malformed();
        throw err;
      }
      if (binding.payload) input[binding.payload] = value;
      else assignMembers(input, value);
    }
  }
  checkInput(api, match.op.name, input);
  return { op: match.op, input };
}

export function encodeWithModel(output: unknown, op: OperationDef<never, never>, api: ApiDef, requestId: string): HttpResponse {
  const rest = apiModel(api)!.rest(op.name);
  const binding = op.http ?? rest.binding;
  const response: HttpResponse = { status: binding.status ?? 200, headers: { "x-amzn-requestid": requestId } };
  const body = applyOutputBindings((output ?? {}) as Record<string, unknown>, binding, response);
  if (response.body !== undefined && rest.extras.outputPayloadStructure && !op.http) {
    response.headers["content-type"] = "application/json";
    response.body = toJsonWire(rest.outputJson ? rest.outputJson(response.body) : response.body);
  } else if (response.body === undefined) {
    if (response.status !== 204) {
      response.headers["content-type"] = "application/json";
      response.body = toJsonWire(rest.outputJson ? rest.outputJson(body) : body);
    }
  } else if (!response.headers["content-type"]) {
    response.headers["content-type"] = "application/octet-stream";
  }
  return response;
}
