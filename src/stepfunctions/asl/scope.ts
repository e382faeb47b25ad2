/**
 * What a JSONPath in a state can read: `$` the state's input (or effective input), `$$` the
 * context object, `$name` a variable (JSONPath mode reads variables with the same syntax).
 */
import { evaluatePath } from "./paths.js";
import type { Json, JsonObject } from "./json.js";
import { statesErrors } from "./states-error.js";

export interface PathScope {
  input: Json;
  context: JsonObject;
  variables: JsonObject;
}

/** Resolves `path`; `fail` builds the error for a path that selects nothing. */
export function resolvePath(path: string, scope: PathScope, fail: (missing: string) => Error): Json {
  let data: Json = scope.input;
  let rest = path;
  if (path.startsWith("$$")) {
    data = scope.context;
    rest = path.slice(1);
  } else if (/^\$[A-Za-z_]/.test(path)) {
    const match = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(path)!;
    const name = match[1]!;
    if (!Object.prototype.hasOwnProperty.call(scope.variables, name)) throw statesErrors.runtime(`The variable '$${name}' is not defined`);
    data = scope.variables[name]!;
    rest = "$" + path.slice(match[0].length);
  }
  const result = evaluatePath(rest, data);
  if (!result.found) throw fail(result.missing);
  return result.value;
}
