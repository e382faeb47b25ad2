/**
 * When a handler fails with an exception that is not an AwsError, was it the input? AWS answers a
 * malformed request with its protocol's 4xx (a wrong JSON type is a SerializationException, a
 * missing member a ValidationException) before any handler runs; an API that has not opted in to
 * its model's checks (`ApiDef.model`) can instead reach a handler that trips over the bad value.
 * This checks the input against AWS's model after such a failure only (no cost on the usual path):
 * a violation is the answer AWS would give; an input the model accepts means a bug of ours, left
 * to be answered 500 and logged.
 */
import { AwsError } from "./errors.js";
import { ApiModel, type ServiceModel } from "./models/index.js";
import type { ApiDef } from "./service.js";

/** Model files by endpoint name where the two differ. */
const MODEL_NAMES: Record<string, string> = { states: "stepfunctions", streams: "dynamodbstreams", "streams.dynamodb": "dynamodbstreams" };

const models = new WeakMap<ApiDef, ApiModel | null>();

function modelOf(api: ApiDef): ApiModel | null {
  let found = models.get(api);
  if (found === undefined) {
    const json = api.protocol === "awsJson1_0" || api.protocol === "awsJson1_1" || api.protocol === "restJson1";
    try {
      found = new ApiModel(api.model ?? { service: MODEL_NAMES[api.endpointName] ?? api.endpointName }, json);
    } catch {
      found = null; // no model for this API
    }
    models.set(api, found);
  }
  return found;
}

/** The 4xx AWS would answer for this input, or undefined when the model finds nothing wrong with it. */
export function malformedInputError(api: ApiDef, operation: string, input: Record<string, unknown> | undefined): AwsError | undefined {
  if (input === undefined || operation === "") return undefined;
  const model = modelOf(api);
  const op = model?.operation(operation);
  if (!model || !op) return undefined;
  try {
    model.validate(operation, input);
  } catch (err) {
    const e = err as AwsError;
    if (typeof e.status === "number" && e.status < 500) return e;
  }
  // Query parameters are all text, so types are not checked above; but `TopicArn.S=x` makes a
  // structure of a string member (and `Tags=x` a string of a list, `DurationSeconds=x` a number
  // that is none), which AWS never reads as one.
  if (api.protocol !== "awsQuery" || !op.input) return undefined;
  const path = misshapen(model.model, op.input.shape, input, "", 0);
  if (path === undefined) return undefined;
  if (api.endpointName === "sns") return new AwsError("InvalidParameter", `Invalid parameter: ${path}`, { status: 400 });
  if (api.endpointName === "sqs") return new AwsError("InvalidParameterValue", `Value for parameter ${path} is invalid.`, { status: 400 });
  return new AwsError("ValidationError", `1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must have the model's type`, { status: 400 });
}

/** The path of the first value whose kind (scalar, list, structure or map) is not its shape's. */
function misshapen(model: ServiceModel, shapeName: string, value: unknown, path: string, depth: number): string | undefined {
  const shape = model.shapes[shapeName];
  if (!shape || value === undefined || value === null || depth > 64) return undefined;
  const isObject = typeof value === "object";
  switch (shape.type) {
    case "structure":
      if (!isObject || Array.isArray(value)) return path;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const found = misshapen(model, member.shape, (value as Record<string, unknown>)[name], path ? `${path}.${name}` : name, depth + 1);
        if (found !== undefined) return found;
      }
      return undefined;
    case "list":
      if (!Array.isArray(value)) return path;
      for (let i = 0; i < value.length; i++) {
        const found = misshapen(model, shape.member!.shape, value[i], `${path}.member.${i + 1}`, depth + 1);
        if (found !== undefined) return found;
      }
      return undefined;
    case "map":
      if (!isObject || Array.isArray(value)) return path;
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const found = misshapen(model, shape.value!.shape, v, `${path}.${key}`, depth + 1);
        if (found !== undefined) return found;
      }
      return undefined;
    case "integer":
    case "long":
    case "float":
    case "double":
      // Query values are text: a number member's must read as one.
      return isObject || (typeof value === "string" && (value.trim() === "" || !Number.isFinite(Number(value)))) ? path : undefined;
    case "boolean":
      return isObject || (typeof value === "string" && value !== "true" && value !== "false") ? path : undefined;
    default:
      return isObject ? path : undefined;
  }
}
