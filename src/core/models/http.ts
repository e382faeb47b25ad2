/**
 * REST protocols: an operation's HTTP binding derived from the model (method, URI template with
 * greedy labels, query literals, query/header/prefix-header members with their types, payload,
 * status code, output headers), so that an operation of an API with a model needs no `http`.
 */
import type { ValuedQueryBinding } from "../protocols/http-binding.js";
import type { HttpBinding } from "../service.js";
import type { MemberModel, OperationModel, ServiceModel, ShapeModel } from "./types.js";

/** What a REST codec needs beyond the generic binding. */
export interface ModelHttpExtras {
  /** Input member bound to every query parameter the binding does not name (a querystring map). */
  queryMap?: string;
  /** Literal query values of the URI (`?mode=import`, `?x-id=...`): must match. */
  queryLiterals?: [string, string][];
  /** Input payload member holding a structure (its JSON/XML is the body). */
  payloadStructure?: boolean;
  /** Output payload member holding a structure. */
  outputPayloadStructure?: boolean;
  /** Input members bound to query/headers holding timestamps (converted to Date). */
  timestamps?: string[];
  /** Input members bound to URI labels holding numbers (Lambda's `{VersionNumber}`): converted when numeric. */
  numberLabels?: string[];
}

function typeSuffix(shape: ShapeModel | undefined): string {
  switch (shape?.type) {
    case "integer":
    case "long":
    case "float":
    case "double":
      return ":number";
    case "boolean":
      return ":boolean";
    case "list":
      return ":list";
    default:
      return "";
  }
}

/** The binding of `operation` as the model declares it; throws for an operation the model lacks. */
export function deriveBinding(model: ServiceModel, operation: string): { binding: HttpBinding; extras: ModelHttpExtras } {
  const op: OperationModel | undefined = Object.hasOwn(model.operations, operation) ? model.operations[operation] : undefined;
  if (!op?.http) throw new Error(`model ${model.metadata.endpointPrefix} has no HTTP binding for ${operation}`);
  const extras: ModelHttpExtras = {};
  const input = op.input ? model.shapes[op.input.shape] : undefined;
  const members = Object.entries(input?.members ?? {});
  const [rawPath, rawQuery] = op.http.requestUri.split("?", 2) as [string, string | undefined];
  // URI labels name members by their locationName (`{restapi_id}` is restApiId): the generic router binds labels by member name.
  const byLocation = new Map(members.filter(([, m]) => m.location === "uri").map(([name, m]) => [m.locationName ?? name, name]));
  const path = rawPath.replace(/\{([^}+]+)(\+?)\}/g, (_, label: string, greedy: string) => `{${byLocation.get(label) ?? label}${greedy}}`);
  const binding: ValuedQueryBinding = { method: op.http.method, path };
  if (rawQuery) {
    const literals = [...new URLSearchParams(rawQuery)];
    binding.requiredQuery = literals.map(([k]) => k);
    const valued = literals.filter(([, v]) => v !== "");
    if (valued.length) extras.queryLiterals = binding.requiredQueryValues = valued;
  }
  if (op.http.responseCode !== undefined) binding.status = op.http.responseCode;
  for (const [name, m] of members) bindInputMember(model, binding, extras, name, m);
  if (input?.payload) {
    const payloadShape = model.shapes[input.members![input.payload]!.shape];
    binding.payload = input.payload;
    if (payloadShape?.type === "structure") extras.payloadStructure = true;
    else binding.streaming = payloadShape?.streaming === true || input.members![input.payload]!.streaming === true;
  }
  const output = op.output ? model.shapes[op.output.shape] : undefined;
  for (const [name, m] of Object.entries(output?.members ?? {})) {
    if (m.location === "header") (binding.outputHeaders ??= {})[name] = (m.locationName ?? name).toLowerCase();
    else if (m.location === "headers") (binding.outputPrefixHeaders ??= {})[name] = (m.locationName ?? "").toLowerCase();
    else if (m.location === "statusCode") binding.outputStatus = name;
  }
  if (output?.payload) {
    binding.outputPayload = output.payload;
    if (model.shapes[output.members![output.payload]!.shape]?.type === "structure") extras.outputPayloadStructure = true;
  }
  return { binding, extras };
}

function bindInputMember(model: ServiceModel, binding: HttpBinding, extras: ModelHttpExtras, name: string, m: MemberModel): void {
  const shape = model.shapes[m.shape];
  if (m.location === "uri" && typeSuffix(shape) === ":number") (extras.numberLabels ??= []).push(name);
  if (m.location === "querystring") {
    if (shape?.type === "map") extras.queryMap = name;
    else (binding.query ??= {})[m.locationName ?? name] = name + typeSuffix(shape);
  } else if (m.location === "header") {
    (binding.headers ??= {})[(m.locationName ?? name).toLowerCase()] = name + typeSuffix(shape);
  } else if (m.location === "headers") {
    (binding.prefixHeaders ??= {})[(m.locationName ?? "").toLowerCase()] = name;
  } else {
    return;
  }
  if (shape?.type === "timestamp") (extras.timestamps ??= []).push(name);
}
