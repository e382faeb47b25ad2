/** Reading OpenAPI 3 / Swagger 2 documents (JSON or YAML) with API Gateway's `x-amazon-apigateway-*` extensions. */
import { parse as parseYaml } from "yaml";
import { errors } from "./errors.js";

export type OpenApiDoc = Record<string, unknown>;
export type Operation = Record<string, unknown>;

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method"];

export function parseDocument(body: unknown): OpenApiDoc {
  const text = Buffer.isBuffer(body) ? body.toString("utf8") : typeof body === "string" ? body : body instanceof Uint8Array ? Buffer.from(body).toString("utf8") : "";
  if (!text.trim()) throw errors.badRequest("Invalid OpenAPI input: the document is empty.");
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith("{") ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch {
    throw errors.badRequest("Invalid OpenAPI input: the document is neither valid JSON nor valid YAML.");
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw errors.badRequest("Invalid OpenAPI input.");
  const d = doc as OpenApiDoc;
  if (typeof d.swagger !== "string" && typeof d.openapi !== "string") throw errors.badRequest("Invalid OpenAPI input: neither 'swagger' nor 'openapi' is specified.");
  return d;
}

export function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function securitySchemes(doc: OpenApiDoc): Record<string, Record<string, unknown>> {
  return obj(doc.securityDefinitions ?? obj(doc.components).securitySchemes) as Record<string, Record<string, unknown>>;
}

export function schemas(doc: OpenApiDoc): Record<string, unknown> {
  return obj(doc.definitions ?? obj(doc.components).schemas);
}

/** Each (path, method, operation) of the document, `x-amazon-apigateway-any-method` as ANY. */
export function* operations(doc: OpenApiDoc): Generator<{ path: string; method: string; op: Operation; pathItem: Record<string, unknown> }> {
  for (const [path, item] of Object.entries(obj(doc.paths))) {
    const pathItem = obj(item);
    for (const key of HTTP_METHODS) {
      if (!pathItem[key]) continue;
      yield { path, method: key === "x-amazon-apigateway-any-method" ? "ANY" : key.toUpperCase(), op: obj(pathItem[key]), pathItem };
    }
  }
}

/** The names of the security schemes an operation uses (its own `security`, else the document's). */
export function securityOf(doc: OpenApiDoc, op: Operation): string[] {
  const security = (op.security ?? doc.security) as Record<string, unknown>[] | undefined;
  return Array.isArray(security) ? security.flatMap((s) => Object.keys(obj(s))) : [];
}

/** `#/definitions/Item` or `#/components/schemas/Item` → `Item`. */
export function refName(ref: unknown): string | undefined {
  return typeof ref === "string" ? /\/([^/]+)$/.exec(ref)?.[1] : undefined;
}

/** A JSON schema with OpenAPI `$ref`s turned into API Gateway model URLs. */
export function modelSchema(schema: unknown, apiId: string): string {
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (!v || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) out[k] = k === "$ref" && refName(val) ? `https://apigateway.amazonaws.com/restapis/${apiId}/models/${refName(val)}` : rewrite(val);
    return out;
  };
  return JSON.stringify({ $schema: "http://json-schema.org/draft-04/schema#", ...(rewrite(schema) as object) });
}
