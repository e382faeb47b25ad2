/**
 * Service models: an API that names a model (`ApiDef.model`) gets its inputs type-checked and
 * constraint-validated from AWS's own model, with AWS's wording and order, before any handler runs
 * (so before any resource is looked up, as on AWS). Each operation's check is compiled on its
 * first request and kept: a request runs closures, not a walk of the model.
 */
import type { ApiDef } from "../service.js";
import { loadModel, withOverrides } from "./loader.js";
import { defaultValidation } from "./styles.js";
import type { ModelBinding, OperationModel, ServiceModel } from "./types.js";
import { ShapeCompiler, type Check, type Violations } from "./validator.js";

export type { ModelBinding, ModelOverrides, ServiceModel, ShapeModel, OperationModel, MemberModel, ValidationStyle } from "./types.js";
export { coralValidation, dynamoValidation, validationMessage } from "./styles.js";
export { loadModel, modelVersion } from "./loader.js";
export { renderValue, quotedValue } from "./render.js";

/** One API's model, its compiled input checks by operation. */
export class ApiModel {
  readonly model: ServiceModel;
  private readonly compiler: ShapeCompiler;
  private readonly inputChecks = new Map<string, Check | null>();
  private readonly violations: Violations;

  constructor(
    readonly binding: ModelBinding,
    json: boolean,
  ) {
    this.model = withOverrides(loadModel(binding.service), binding.overrides);
    const style = binding.style ?? defaultValidation;
    this.violations = { list: [], max: style.maxViolations ?? 10 };
    this.compiler = new ShapeCompiler(this.model, { style, overrides: binding.overrides, json, constraints: binding.validate !== false });
  }

  operation(name: string): OperationModel | undefined {
    return Object.hasOwn(this.model.operations, name) ? this.model.operations[name] : undefined;
  }

  /** Type-checks and validates an operation's input (in place: coerced values are written back); throws the style's error. */
  validate(operation: string, input: Record<string, unknown>): void {
    let check = this.inputChecks.get(operation);
    if (check === undefined) {
      const shape = this.operation(operation)?.input?.shape;
      check = shape ? this.compiler.check(shape) : null;
      this.inputChecks.set(operation, check);
    }
    if (check === null) return;
    const v = this.violations;
    v.list = [];
    check(input, "", v);
    if (v.list.length > 0) throw (this.binding.style ?? defaultValidation).constraints(v.list);
  }
}

const apiModels = new WeakMap<ApiDef, ApiModel>();

/** The API's model (loaded and compiled lazily), or undefined when the API has not opted in. */
export function apiModel(api: ApiDef): ApiModel | undefined {
  if (!api.model) return undefined;
  let found = apiModels.get(api);
  if (!found) {
    const json = api.protocol === "awsJson1_0" || api.protocol === "awsJson1_1" || api.protocol === "restJson1";
    found = new ApiModel(api.model, json);
    apiModels.set(api, found);
  }
  return found;
}

/** Validates `input` for `operation` when the API has a model; a no-op otherwise. */
export function checkInput(api: ApiDef, operation: string, input: Record<string, unknown>): void {
  if (api.model) apiModel(api)!.validate(operation, input);
}
