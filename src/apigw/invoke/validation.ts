/** REST request validators: required parameters and the body against the method's model (JSON Schema draft 4, ajv). */
import AjvDraft04 from "ajv-draft-04";
import type { Method, Model, RequestValidator } from "../rest/model.js";

type Validate = (data: unknown) => boolean;
type AjvInstance = { addSchema(schema: object, key: string): unknown; compile(schema: object): Validate };
type AjvCtor = new (options: Record<string, unknown>) => AjvInstance;
// ajv-draft-04 is CommonJS: its class is the module itself or its `default`, depending on the loader.
const Ajv = ((AjvDraft04 as unknown as { default?: AjvCtor }).default ?? (AjvDraft04 as unknown as AjvCtor));

/** Compiled validators per deployment's models (part of the service's state). */
export class ValidatorCache {
  readonly byModels = new WeakMap<Model[], Map<string, Validate | undefined>>();
}

function validatorFor(cache: ValidatorCache, models: Model[], apiId: string, name: string): Validate | undefined {
  let byName = cache.byModels.get(models);
  if (!byName) cache.byModels.set(models, (byName = new Map()));
  if (byName.has(name)) return byName.get(name);
  let validate: Validate | undefined;
  try {
    const ajv = new Ajv({ allErrors: false, strict: false, validateSchema: false });
    for (const m of models) {
      if (!m.schema) continue;
      const schema = JSON.parse(m.schema) as Record<string, unknown>;
      delete schema.id;
      delete schema.$schema;
      ajv.addSchema(schema, `https://apigateway.amazonaws.com/restapis/${apiId}/models/${m.name}`);
    }
    const model = models.find((m) => m.name === name);
    validate = model?.schema ? ajv.compile({ $ref: `https://apigateway.amazonaws.com/restapis/${apiId}/models/${model.name}` }) : undefined;
  } catch {
    validate = undefined;
  }
  byName.set(name, validate);
  return validate;
}

export type ValidationOutcome = { ok: true } | { ok: false; missing: string[] } | { ok: false; badBody: true };

export function validateRequest(
  method: Method,
  validators: RequestValidator[],
  models: Model[],
  apiId: string,
  cache: ValidatorCache,
  request: { has(location: string, name: string): boolean; contentType: string | undefined; body: Buffer },
): ValidationOutcome {
  const validator = validators.find((v) => v.id === method.requestValidatorId);
  if (!validator) return { ok: true };
  if (validator.validateRequestParameters) {
    const missing: string[] = [];
    for (const [key, isRequired] of Object.entries(method.requestParameters ?? {})) {
      const m = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/.exec(key);
      if (isRequired && m && !request.has(m[1]!.replace("multivalue", ""), m[2]!)) missing.push(m[2]!);
    }
    if (missing.length > 0) return { ok: false, missing };
  }
  if (validator.validateRequestBody && method.requestModels) {
    const type = (request.contentType ?? "application/json").split(";")[0]!.trim().toLowerCase();
    const name = method.requestModels[type] ?? method.requestModels["$default"];
    if (name && name !== "Empty") {
      const validate = validatorFor(cache, models, apiId, name);
      let body: unknown;
      try {
        body = JSON.parse(request.body.toString("utf8"));
      } catch {
        return { ok: false, badBody: true };
      }
      if (validate && !validate(body)) return { ok: false, badBody: true };
    }
  }
  return { ok: true };
}
