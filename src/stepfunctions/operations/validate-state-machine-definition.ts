import type { ValidateStateMachineDefinitionInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { validateDefinition } from "../asl/validate.js";
import { constraint } from "../errors.js";

export const validateStateMachineDefinition = sfnOperation<ValidateStateMachineDefinitionInput, Record<string, unknown>>({
  name: "ValidateStateMachineDefinition",
  handle(input) {
    if (input.type !== undefined && input.type !== "STANDARD" && input.type !== "EXPRESS")
      throw constraint("type", input.type, "Member must satisfy enum value set: [STANDARD, EXPRESS]");
    const maxResults = input.maxResults && input.maxResults > 0 ? input.maxResults : 100;
    const { diagnostics } = validateDefinition(String(input.definition ?? ""), { maxResults: maxResults + 1 });
    const severity = input.severity ?? "ERROR";
    const shown = severity === "WARNING" ? diagnostics : diagnostics.filter((d) => d.severity === "ERROR");
    const failed = diagnostics.some((d) => d.severity === "ERROR");
    return {
      result: failed ? "FAIL" : "OK",
      diagnostics: shown.slice(0, maxResults).map((d) => ({ severity: d.severity, code: d.code, message: d.message, ...(d.location ? { location: d.location } : {}) })),
      truncated: shown.length > maxResults,
    };
  },
});
