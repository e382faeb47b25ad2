/**
 * Service models: an API that names a model (`ApiDef.model`) gets its inputs type-checked and
 * constraint-validated from AWS's own model, with AWS's wording and order, before any handler runs
 * (so before any resource is looked up, as on AWS). Each operation's check is compiled on its
 * first request and kept: a request runs closures, not a walk of the model.
 */
import type { ApiDef, HttpBinding } from "../service.js";
import { deriveBinding, type ModelHttpExtras } from "./http.js";
import { JsonShapes, type Transform } from "./json-shapes.js";
import { QueryShapes } from "./query-shapes.js";
import { XmlShapes } from "./xml-shapes.js";
import { loadModel, withOverrides } from "./loader.js";
import { defaultValidation } from "./styles.js";
import type { ModelBinding, OperationModel, ServiceModel } from "./types.js";
import { ShapeCompiler, type Check, type Violations } from "./validator.js";

export type { ModelBinding, ModelOverrides, ServiceModel, ShapeModel, OperationModel, MemberModel, ValidationStyle } from "./types.js";
export { coralValidation, dynamoValidation, validationMessage } from "./styles.js";
export { loadModel, modelVersion } from "./loader.js";
export { renderValue, quotedValue } from "./render.js";
export type { ModelHttpExtras } from "./http.js";

/** An operation of a REST API as its model binds it. */
export interface RestOperation {
  binding: HttpBinding;
  extras: ModelHttpExtras;
  /** Wire JSON → input (renames, timestamps); undefined when nothing changes. */
  inputJson?: Transform;
  /** Output → wire JSON; undefined when nothing changes. */
  outputJson?: Transform;
}

/** One API's model, its compiled input checks by operation. */
export class ApiModel {
  readonly model: ServiceModel;
  private readonly compiler: ShapeCompiler;
  private readonly inputChecks = new Map<string, Check | null>();
  private readonly violations: Violations;
  private readonly restOps = new Map<string, RestOperation>();
  private readonly framework: Set<string>;
  private jsonShapes: JsonShapes | undefined;
  private queryShapesOf: QueryShapes | undefined;
  private xmlShapesOf: XmlShapes | undefined;

  constructor(
    readonly binding: ModelBinding,
    json: boolean,
  ) {
    this.model = withOverrides(loadModel(binding.service), binding.overrides);
    const style = binding.style ?? defaultValidation;
    this.violations = { list: [], max: style.maxViolations ?? 10 };
    this.framework = new Set(binding.overrides?.framework ?? []);
    this.compiler = new ShapeCompiler(this.model, { style, overrides: binding.overrides, json, constraints: binding.validate !== false });
  }

  /** awsQuery readers and writers of this model's shapes (compiled once per shape). */
  queryShapes(): QueryShapes {
    return (this.queryShapesOf ??= new QueryShapes(this.model));
  }

  /** restXml readers and writers of this model's shapes (compiled once per shape). */
  xmlShapes(): XmlShapes {
    return (this.xmlShapesOf ??= new XmlShapes(this.model));
  }

  /** The REST binding and JSON transforms of an operation (compiled once). */
  rest(operation: string): RestOperation {
    let found = this.restOps.get(operation);
    if (!found) {
      const { binding, extras } = deriveBinding(this.model, operation);
      const shapes = (this.jsonShapes ??= new JsonShapes(this.model));
      const op = this.model.operations[operation]!;
      const input = op.input ? this.model.shapes[op.input.shape] : undefined;
      const output = op.output ? this.model.shapes[op.output.shape] : undefined;
      const inputShape = input?.payload && extras.payloadStructure ? input.members![input.payload]!.shape : op.input?.shape;
      const outputShape = output?.payload && extras.outputPayloadStructure ? output.members![output.payload]!.shape : op.output?.shape;
      found = {
        binding,
        extras,
        inputJson: inputShape ? shapes.input(inputShape) : undefined,
        outputJson: outputShape ? shapes.output(outputShape) : undefined,
      };
      this.restOps.set(operation, found);
    }
    return found;
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
    v.framework = this.framework.has(operation);
    const style = this.binding.style ?? defaultValidation;
    try {
      check(input, "", v);
    } catch (err) {
      // A value nested deeper than the stack (a recursive shape): refused as a malformed request, never a 500.
      if (err instanceof RangeError) throw style.wrongType("Request nesting exceeds the supported depth");
      throw err;
    }
    if (v.list.length > 0) throw style.constraints(v.list);
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

const prepared = new WeakSet<ApiDef>();

/**
 * REST APIs with a model: operations declared without `http` get the model's binding (once per
 * API, before its routes are compiled). An operation the model lacks is a programming error.
 */
export function prepareRoutes(api: ApiDef): void {
  if (!api.model || prepared.has(api)) return;
  const model = apiModel(api)!;
  for (const op of api.operations) if (!op.http) op.http = model.rest(op.name).binding;
  prepared.add(api);
}

/** Validates `input` for `operation` when the API has a model; a no-op otherwise. */
export function checkInput(api: ApiDef, operation: string, input: Record<string, unknown>): void {
  if (api.model) apiModel(api)!.validate(operation, input);
}
