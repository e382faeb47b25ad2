/**
 * When a handler fails with an exception that is not an AwsError, was it the input? AWS answers a
 * malformed request with its protocol's 4xx (a wrong JSON type is a SerializationException, a
 * missing member a ValidationException) before any handler runs; an API that has not opted in to
 * its model's checks (`ApiDef.model`) can instead reach a handler that trips over the bad value.
 * This checks the input against AWS's model after such a failure only (no cost on the usual path):
 * a violation is the answer AWS would give; an input the model accepts means a bug of ours, left
 * to be answered 500 and logged.
 */
import type { AwsError } from "./errors.js";
import { ApiModel } from "./models/index.js";
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
  if (!model?.operation(operation)) return undefined;
  try {
    model.validate(operation, input);
  } catch (err) {
    const e = err as AwsError;
    return typeof e.status === "number" && e.status < 500 ? e : undefined;
  }
  return undefined;
}
