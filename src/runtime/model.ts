/**
 * Lambda's wire format and input checks come from AWS's model (models/lambda.json.gz): routes,
 * labels, query and header members, payloads, output headers and status, and coral's
 * `N validation error(s) detected: ...` (ValidationException), SerializationException for a value
 * of the wrong JSON type. Where AWS's answers differ from the model, the corrections are here,
 * each with a test (test/runtime/model-validation.spec.ts).
 */
import type { ModelBinding } from "../core/models/types.js";

export const lambdaModel: ModelBinding = {
  service: "lambda",
  overrides: {
    shapes: {
      // The model gives no maximum; AWS refuses more than 15 minutes in coral's words:
      // `Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900`.
      Timeout: { min: 1, max: 900 },
    },
  },
};
