/**
 * Payload templates (Parameters, ResultSelector, ItemSelector, legacy Map Parameters): keys ending
 * in `.$` take their value from a path or an intrinsic function; everything else is copied,
 * nested objects and arrays processed alike.
 */
import { evaluateIntrinsic, isIntrinsic } from "./intrinsics.js";
import { isObject, type Json, type JsonObject } from "./json.js";
import { resolvePath, type PathScope } from "./scope.js";
import { statesErrors } from "./states-error.js";

export function applyTemplate(template: Json, scope: PathScope): Json {
  if (Array.isArray(template)) return template.map((item) => applyTemplate(item, scope));
  if (!isObject(template)) return template;
  const out = Object.create(null) as JsonObject;
  for (const key of Object.keys(template)) {
    const value = template[key]!;
    if (key.endsWith(".$") && typeof value === "string") {
      const name = key.slice(0, -2);
      out[name] = isIntrinsic(value)
        ? evaluateIntrinsic(value, scope, key)
        : resolvePath(value, scope, () =>
            statesErrors.runtime(`The JSONPath '${value}' specified for the field '${key}' could not be found in the input '${JSON.stringify(scope.input)}'`),
          );
    } else out[key] = applyTemplate(value, scope);
  }
  return out;
}
