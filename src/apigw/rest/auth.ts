/** Authorizers, request validators and models of a REST API. */
import type { RequestContext } from "../../core/context.js";
import { applyPatch, docs, newId, op, page, pageQuery, required, str, type Input } from "../control.js";
import { errors } from "../errors.js";
import type { Kind } from "../store.js";
import { restApiOf, type Authorizer, type Model, type RequestValidator } from "./model.js";

export function buildAuthorizer(input: Input): Authorizer {
  const name = required(input, "name", "authorizer name");
  const type = str(input, "type");
  if (type !== "TOKEN" && type !== "REQUEST" && type !== "COGNITO_USER_POOLS") throw errors.badRequest("Invalid authorizer type specified");
  const authorizer: Authorizer = { id: newId(6), name, type };
  if (type === "COGNITO_USER_POOLS") {
    if (!Array.isArray(input.providerARNs) || input.providerARNs.length === 0) throw errors.badRequest("ProviderARNs need to be specified for COGNITO_USER_POOLS type authorizer");
    authorizer.providerARNs = input.providerARNs.map(String);
  } else if (!str(input, "authorizerUri")) {
    throw errors.badRequest(`Authorizer URI is required for ${type} type authorizers`);
  }
  for (const key of ["authType", "authorizerUri", "authorizerCredentials", "identitySource", "identityValidationExpression"] as const) {
    if (str(input, key) !== undefined) authorizer[key] = str(input, key);
  }
  if (type === "TOKEN" && !authorizer.identitySource) throw errors.badRequest("Identity source is required for TOKEN type authorizers");
  if (type === "COGNITO_USER_POOLS" && !authorizer.identitySource) throw errors.badRequest("Identity source is required for COGNITO_USER_POOLS type authorizers");
  authorizer.authorizerResultTtlInSeconds = typeof input.authorizerResultTtlInSeconds === "number" ? input.authorizerResultTtlInSeconds : 300;
  if (authorizer.authorizerResultTtlInSeconds < 0 || authorizer.authorizerResultTtlInSeconds > 3600) throw errors.badRequest("Invalid TTL specified. Valid values are between 0 and 3600");
  return authorizer;
}

export function buildValidator(input: Input): RequestValidator {
  const validator: RequestValidator = { id: newId(6), validateRequestBody: input.validateRequestBody === true, validateRequestParameters: input.validateRequestParameters === true };
  if (str(input, "name") !== undefined) validator.name = str(input, "name");
  return validator;
}

export function buildModel(input: Input): Model {
  const name = required(input, "name", "model name");
  if (!/^[a-zA-Z0-9]+$/.test(name)) throw errors.badRequest("Model name must be alphanumeric");
  const model: Model = { id: newId(6), name, contentType: required(input, "contentType", "content type") };
  if (str(input, "schema") !== undefined) {
    try {
      JSON.parse(str(input, "schema")!);
    } catch {
      throw errors.badRequest("Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]");
    }
    model.schema = str(input, "schema");
  }
  if (str(input, "description") !== undefined) model.description = str(input, "description");
  return model;
}

/** Create, list, get, update, delete for one kind of child of an API. */
function crud<T extends { id: string }>(
  noun: string,
  plural: string,
  label: string,
  kind: Kind,
  build: (input: Input) => T,
  keyOf: (doc: T) => string,
  notFound: string,
): ReturnType<typeof op>[] {
  const base = `/restapis/{restapi_id}/${plural}`;
  const item = `${base}/{${label}}`;
  const find = (ctx: RequestContext, input: Input): { apiId: string; doc: T } => {
    const apiId = restApiOf(ctx, input.restapi_id).id;
    const doc = docs(ctx).get<T>(ctx, kind, apiId, String(input[label]));
    if (!doc) throw errors.notFound(notFound);
    return { apiId, doc };
  };
  return [
    op(`Create${noun}`, "POST", base, (input, ctx) => {
      const apiId = restApiOf(ctx, input.restapi_id).id;
      const doc = build(input);
      if (kind === "model" && docs(ctx).get(ctx, kind, apiId, keyOf(doc))) throw errors.conflict("Model name already exists for this REST API");
      docs(ctx).put(ctx, kind, apiId, keyOf(doc), doc);
      return doc;
    }),
    op(`Get${noun}s`, "GET", base, (input, ctx) => page(docs(ctx).list<T>(ctx, kind, restApiOf(ctx, input.restapi_id).id), input), { query: pageQuery }),
    op(`Get${noun}`, "GET", item, (input, ctx) => find(ctx, input).doc),
    op(`Update${noun}`, "PATCH", item, (input, ctx) => {
      const { apiId, doc } = find(ctx, input);
      applyPatch(doc as unknown as Record<string, unknown>, input.patchOperations, (path) => (path[0] === "id" ? null : path));
      docs(ctx).put(ctx, kind, apiId, keyOf(doc), doc);
      return doc;
    }),
    op(`Delete${noun}`, "DELETE", item, (input, ctx) => {
      const { apiId, doc } = find(ctx, input);
      docs(ctx).delete(ctx, kind, apiId, keyOf(doc));
    }, { status: 202 }),
  ];
}

export const authOperations = [
  ...crud<Authorizer>("Authorizer", "authorizers", "authorizer_id", "authorizer", buildAuthorizer, (d) => d.id, "Invalid Authorizer identifier specified"),
  ...crud<RequestValidator>("RequestValidator", "requestvalidators", "requestvalidator_id", "validator", buildValidator, (d) => d.id, "Invalid Request Validator identifier specified"),
  ...crud<Model>("Model", "models", "model_name", "model", buildModel, (d) => d.name, "Invalid model name specified"),
];
