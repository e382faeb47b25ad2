/**
 * Definition checks with AWS's diagnostic codes and texts (ValidateStateMachineDefinition) —
 * the same list Create/UpdateStateMachine turn into InvalidDefinition.
 */
import { isIntrinsic, parseIntrinsic } from "./intrinsics.js";
import { isObject, parseJson, type Json, type JsonObject } from "./json.js";
import { isReferencePath, isValidPath } from "./paths.js";
import { COMPARATORS, JSONATA_ONLY, JSONPATH_ONLY, PATH_COMPARATORS, REQUIRED, STATE_FIELDS, STATE_TYPES, TOP_LEVEL_FIELDS } from "./fields.js";
import { isResourceSupported } from "./resources.js";

export interface Diagnostic {
  severity: "ERROR" | "WARNING";
  code: string;
  message: string;
  location?: string;
}

export type QueryLanguage = "JSONPath" | "JSONata";

export interface ValidationResult {
  definition?: JsonObject;
  diagnostics: Diagnostic[];
}

const MAX_NESTING = 50;

export function validateDefinition(text: string, options: { maxResults?: number } = {}): ValidationResult {
  if (text.trim() === "") return { diagnostics: [{ severity: "ERROR", code: "MISSING_DESCRIPTION", message: "Received a null or empty workflow input." }] };
  let parsed: Json;
  try {
    parsed = parseJson(text);
  } catch (err) {
    return { diagnostics: [{ severity: "ERROR", code: "INVALID_JSON_DESCRIPTION", message: (err as Error).message }] };
  }
  const v = new Validator();
  if (!isObject(parsed)) {
    v.error("SCHEMA_VALIDATION_FAILED", "Definition must be a JSON object", "/");
    return { diagnostics: v.diagnostics };
  }
  v.machine(parsed, "", topLanguage(parsed, v), 0);
  const diagnostics = v.diagnostics.slice(0, options.maxResults ?? 100);
  return { definition: parsed, diagnostics };
}

/** AWS's InvalidDefinition text for the errors among `diagnostics`. */
export function invalidDefinitionMessage(diagnostics: Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "ERROR");
  return `Invalid State Machine Definition: '${errors.map((d) => `${d.code}: ${d.message}${d.location ? ` at ${d.location}` : ""}`).join(", ")}'`;
}

function topLanguage(def: JsonObject, v: Validator): QueryLanguage {
  const language = def.QueryLanguage;
  if (language === undefined) return "JSONPath";
  if (language !== "JSONPath" && language !== "JSONata") {
    v.error("SCHEMA_VALIDATION_FAILED", 'The field "QueryLanguage" should have one of these values: [JSONPath, JSONata]', "/QueryLanguage");
    return "JSONPath";
  }
  return language;
}

class Validator {
  diagnostics: Diagnostic[] = [];
  private names = new Map<string, string>();

  error(code: string, message: string, location?: string): void {
    this.diagnostics.push({ severity: "ERROR", code, message, location });
  }
  warning(code: string, message: string, location?: string): void {
    this.diagnostics.push({ severity: "WARNING", code, message, location });
  }

  /** A state machine or a branch: `at` is its JSON pointer ("" for the top level). */
  machine(def: JsonObject, at: string, language: QueryLanguage, depth: number): void {
    const where = at || "/";
    if (depth > MAX_NESTING) return this.error("TOO_DEEPLY_NESTED", "The states are too deeply nested", where);
    const allowed = depth === 0 ? TOP_LEVEL_FIELDS : ["Comment", "StartAt", "States", "ProcessorConfig", "QueryLanguage"];
    for (const key of Object.keys(def)) if (!allowed.includes(key)) this.error("SCHEMA_VALIDATION_FAILED", `The field "${key}" is not supported by Step Functions`, where);
    const missing = ["StartAt", "States"].filter((k) => def[k] === undefined);
    if (missing.length) return this.error("SCHEMA_VALIDATION_FAILED", `These fields are required: [${missing.join(", ")}]`, where);
    if (typeof def.StartAt !== "string") return this.error("SCHEMA_VALIDATION_FAILED", 'The field "StartAt" should be a string', `${at}/StartAt`);
    if (!isObject(def.States)) return this.error("SCHEMA_VALIDATION_FAILED", 'The field "States" should be an object', `${at}/States`);
    if (depth === 0 && def.TimeoutSeconds !== undefined && !isPositiveInt(def.TimeoutSeconds))
      this.error("SCHEMA_VALIDATION_FAILED", 'The value for the field "TimeoutSeconds" must be a positive integer', "/TimeoutSeconds");
    const states = def.States;
    const names = Object.keys(states);
    if (names.length === 0) this.error("SCHEMA_VALIDATION_FAILED", "The field 'States' should have at least 1 state", `${at}/States`);
    for (const name of names) {
      const location = `${at}/States/${name}`;
      const previous = this.names.get(name);
      if (previous !== undefined) this.error("DUPLICATE_STATE_NAME", `Duplicate State name: ${name}`, location);
      else this.names.set(name, location);
      if (name.length > 80) this.error("INVALID_STATE_NAME", `State name '${name}' exceeds the maximum length of 80 characters`, location);
      const state = states[name];
      if (!isObject(state)) this.error("SCHEMA_VALIDATION_FAILED", "A state must be a JSON object", location);
      else this.state(name, state, location, language, depth);
    }
    if (!names.includes(def.StartAt)) this.error("MISSING_TRANSITION_TARGET", `Missing 'StartAt' target: ${def.StartAt}`, `${at}/StartAt`);
    this.flow(def.StartAt, states, at);
  }

  private flow(startAt: string, states: JsonObject, at: string): void {
    const reached = new Set<string>();
    const queue = [startAt];
    while (queue.length) {
      const name = queue.pop()!;
      if (reached.has(name) || !isObject(states[name])) continue;
      reached.add(name);
      queue.push(...transitions(states[name] as JsonObject));
    }
    let terminal = false;
    for (const name of Object.keys(states)) {
      const state = states[name];
      if (!isObject(state)) continue;
      if (!reached.has(name)) this.error("MISSING_TRANSITION_TARGET", `State "${name}" is not reachable.`, `${at}/States/${name}`);
      if (state.End === true || state.Type === "Succeed" || state.Type === "Fail") terminal = true;
    }
    const check = (target: Json | undefined, field: string, location: string): void => {
      if (typeof target === "string" && !isObject(states[target])) this.error("MISSING_TRANSITION_TARGET", `Missing '${field}' target: ${target}`, location);
    };
    for (const name of Object.keys(states)) {
      const state = states[name];
      if (!isObject(state)) continue;
      const base = `${at}/States/${name}`;
      check(state.Next, "Next", `${base}/Next`);
      check(state.Default, "Default", `${base}/Default`);
      if (Array.isArray(state.Choices)) state.Choices.forEach((c, i) => isObject(c) && check(c.Next, "Next", `${base}/Choices/${i}/Next`));
      if (Array.isArray(state.Catch)) state.Catch.forEach((c, i) => isObject(c) && check(c.Next, "Next", `${base}/Catch/${i}/Next`));
    }
    if (!terminal) this.error("MISSING_END_STATE", "Workflow has no terminal state", at || "/");
  }

  private state(name: string, state: JsonObject, at: string, parentLanguage: QueryLanguage, depth: number): void {
    const type = state.Type;
    if (typeof type !== "string" || !STATE_TYPES.includes(type)) {
      if (type === undefined) return this.error("SCHEMA_VALIDATION_FAILED", "These fields are required: [Type]", at);
      return this.error("SCHEMA_VALIDATION_FAILED", `The field "Type" should have one of these values: [${STATE_TYPES.join(", ")}]`, `${at}/Type`);
    }
    let language = parentLanguage;
    if (state.QueryLanguage !== undefined) {
      if (state.QueryLanguage !== "JSONPath" && state.QueryLanguage !== "JSONata")
        this.error("SCHEMA_VALIDATION_FAILED", 'The field "QueryLanguage" should have one of these values: [JSONPath, JSONata]', `${at}/QueryLanguage`);
      else if (parentLanguage === "JSONata" && state.QueryLanguage === "JSONPath")
        this.error("SCHEMA_VALIDATION_FAILED", "A state cannot use JSONPath when the state machine's QueryLanguage is JSONata", `${at}/QueryLanguage`);
      else language = state.QueryLanguage;
    }
    const allowed = STATE_FIELDS[type]!;
    for (const key of Object.keys(state)) {
      if (!allowed.includes(key)) this.error("SCHEMA_VALIDATION_FAILED", `The field "${key}" is not supported by Step Functions`, at);
      else if (language === "JSONata" && JSONPATH_ONLY.has(key))
        this.error("SCHEMA_VALIDATION_FAILED", `The field "${key}" is not supported for a state whose QueryLanguage is JSONata`, at);
      else if (language === "JSONPath" && JSONATA_ONLY.has(key))
        this.error("SCHEMA_VALIDATION_FAILED", `The field "${key}" is not supported for a state whose QueryLanguage is JSONPath`, at);
    }
    const missing = (REQUIRED[type] ?? []).filter((k) => state[k] === undefined);
    if (missing.length) this.error("SCHEMA_VALIDATION_FAILED", `These fields are required: [${missing.join(", ")}]`, at);
    if (!["Choice", "Succeed", "Fail"].includes(type)) {
      const hasNext = state.Next !== undefined;
      const hasEnd = state.End !== undefined;
      if (hasNext === hasEnd) this.error("SCHEMA_VALIDATION_FAILED", "Exactly one of these fields must be set: [Next, End]", at);
      else if (hasEnd && state.End !== true) this.error("SCHEMA_VALIDATION_FAILED", 'The value for the field "End" must be true', `${at}/End`);
    }
    if (language === "JSONPath") this.paths(state, at);
    this.payloadWarnings(state, at, type);
    if (type === "Task") this.task(state, at);
    if (type === "Wait") this.wait(state, at);
    if (type === "Choice") this.choice(state, at, language);
    if (type === "Parallel") this.parallel(state, at, language, depth);
    if (type === "Map") this.map(name, state, at, language, depth);
    if (Array.isArray(state.Retry)) state.Retry.forEach((r, i) => this.retrier(r, `${at}/Retry/${i}`, false));
    else if (state.Retry !== undefined) this.error("SCHEMA_VALIDATION_FAILED", 'The field "Retry" should be an array', `${at}/Retry`);
    if (Array.isArray(state.Catch)) state.Catch.forEach((c, i) => this.retrier(c, `${at}/Catch/${i}`, true));
    else if (state.Catch !== undefined) this.error("SCHEMA_VALIDATION_FAILED", 'The field "Catch" should be an array', `${at}/Catch`);
  }

  private paths(state: JsonObject, at: string): void {
    for (const field of ["InputPath", "OutputPath"]) {
      const value = state[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== "string" || !isValidPath(value)) this.error("SCHEMA_VALIDATION_FAILED", `The value for the field '${field}' must be a valid JSONPath`, `${at}/${field}`);
    }
    const resultPath = state.ResultPath;
    if (resultPath !== undefined && resultPath !== null && (typeof resultPath !== "string" || !isReferencePath(resultPath)))
      this.error("SCHEMA_VALIDATION_FAILED", "The value for the field 'ResultPath' must be a valid JSONPath", `${at}/ResultPath`);
    for (const field of ["SecondsPath", "TimestampPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "ItemsPath", "ErrorPath", "CausePath"]) {
      const value = state[field];
      if (value === undefined) continue;
      if (typeof value !== "string" || (!isValidPath(value) && !isIntrinsic(value)))
        this.error("SCHEMA_VALIDATION_FAILED", `The value for the field '${field}' must be a valid ReferencePath`, `${at}/${field}`);
    }
    for (const field of ["Parameters", "ResultSelector", "ItemSelector"]) if (state[field] !== undefined) this.template(state[field], `${at}/${field}`);
  }

  /** Checks `.$` values of a payload template: a valid path or intrinsic function. */
  private template(value: Json, at: string): void {
    if (Array.isArray(value)) return value.forEach((v, i) => this.template(v, `${at}[${i}]`));
    if (!isObject(value)) return;
    for (const key of Object.keys(value)) {
      const v = value[key]!;
      if (key.endsWith(".$")) {
        const ok =
          typeof v === "string" &&
          (isIntrinsic(v) ? parses(v) : (v.startsWith("$$") ? isValidPath(v.slice(1)) : isValidPath(v.replace(/^\$[A-Za-z_][A-Za-z0-9_]*/, "$"))));
        if (!ok) this.error("SCHEMA_VALIDATION_FAILED", `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`, `${at}/${key}`);
      } else this.template(v, `${at}/${key}`);
    }
  }

  private payloadWarnings(state: JsonObject, at: string, type: string): void {
    const walk = (value: Json, path: string, inResult: boolean): void => {
      if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`, inResult));
      if (!isObject(value)) return;
      for (const key of Object.keys(value)) {
        const v = value[key]!;
        if (key.endsWith(".$")) {
          if (inResult) this.warning("PASS_RESULT_IS_STATIC", "Attempt to use a path in the result of a pass state.", `${path}/${key}`);
        } else if (typeof v === "string" && !inResult && (/^\$\.|^\$\$\./.test(v) || isIntrinsic(v)))
          this.warning("NO_DOLLAR", "No .$ on a field that appears to be a JSONPath or Intrinsic Function.", `${path}/${key}`);
        else walk(v, `${path}/${key}`, inResult);
      }
    };
    for (const field of ["Parameters", "ResultSelector", "ItemSelector"]) if (state[field] !== undefined) walk(state[field], `${at}/${field}`, false);
    if (type === "Pass" && state.Result !== undefined) walk(state.Result, `${at}/Result`, true);
  }

  private task(state: JsonObject, at: string): void {
    const resource = state.Resource;
    if (resource === undefined) return;
    if (typeof resource !== "string") return this.error("SCHEMA_VALIDATION_FAILED", 'The field "Resource" should be a string', `${at}/Resource`);
    if (!isResourceSupported(resource)) this.error("INVALID_RESOURCE", `Resource type not supported: ${resource}`, `${at}/Resource`);
    for (const field of ["TimeoutSeconds", "HeartbeatSeconds"]) {
      const v = state[field];
      if (v !== undefined && !isPositiveInt(v) && !isJsonata(v)) this.error("SCHEMA_VALIDATION_FAILED", `The value for the field "${field}" must be a positive integer`, `${at}/${field}`);
    }
    if (isPositiveInt(state.TimeoutSeconds) && isPositiveInt(state.HeartbeatSeconds) && state.HeartbeatSeconds >= state.TimeoutSeconds)
      this.error("SCHEMA_VALIDATION_FAILED", "The value of HeartbeatSeconds must be smaller than TimeoutSeconds", `${at}/HeartbeatSeconds`);
  }

  private wait(state: JsonObject, at: string): void {
    const set = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"].filter((k) => state[k] !== undefined);
    if (set.length !== 1) return this.error("SCHEMA_VALIDATION_FAILED", "Exactly one of these fields must be set: [Seconds, Timestamp, SecondsPath, TimestampPath]", at);
    if (state.Seconds !== undefined && !isJsonata(state.Seconds) && !(typeof state.Seconds === "number" && Number.isInteger(state.Seconds) && state.Seconds >= 0))
      this.error("SCHEMA_VALIDATION_FAILED", 'The value for the field "Seconds" must be a non-negative integer', `${at}/Seconds`);
    if (typeof state.Timestamp === "string" && !isJsonata(state.Timestamp) && !isTimestamp(state.Timestamp))
      this.error("SCHEMA_VALIDATION_FAILED", 'The value for the field "Timestamp" must be a valid ISO-8601 timestamp', `${at}/Timestamp`);
  }

  private choice(state: JsonObject, at: string, language: QueryLanguage): void {
    if (!Array.isArray(state.Choices)) return this.error("SCHEMA_VALIDATION_FAILED", 'The field "Choices" should be an array', `${at}/Choices`);
    if (state.Choices.length === 0) this.error("SCHEMA_VALIDATION_FAILED", "The field 'Choices' should have at least 1 choice rule", `${at}/Choices`);
    state.Choices.forEach((rule, i) => {
      const where = `${at}/Choices/${i}`;
      if (!isObject(rule)) return this.error("SCHEMA_VALIDATION_FAILED", "A choice rule must be a JSON object", where);
      if (rule.Next === undefined) this.error("SCHEMA_VALIDATION_FAILED", "These fields are required: [Next]", where);
      if (language === "JSONata") {
        if (rule.Condition === undefined) this.error("SCHEMA_VALIDATION_FAILED", "These fields are required: [Condition]", where);
      } else this.rule(rule, where, true);
    });
  }

  private rule(rule: JsonObject, at: string, top: boolean): void {
    const operators = Object.keys(rule).filter((k) => COMPARATORS.includes(k) || PATH_COMPARATORS.includes(k) || ["And", "Or", "Not"].includes(k));
    if (operators.length !== 1) return this.error("SCHEMA_VALIDATION_FAILED", "A choice rule must have exactly one comparison operator or And, Or, Not", at);
    for (const key of Object.keys(rule)) {
      const known = operators.includes(key) || key === "Variable" || key === "Comment" || (top && (key === "Next" || key === "Assign"));
      if (!known) this.error("SCHEMA_VALIDATION_FAILED", `The field "${key}" is not supported by Step Functions`, at);
    }
    const op = operators[0]!;
    if (op === "And" || op === "Or") {
      const list = rule[op];
      if (!Array.isArray(list) || list.length === 0) return this.error("SCHEMA_VALIDATION_FAILED", `The field "${op}" should be a non-empty array`, `${at}/${op}`);
      return list.forEach((r, i) => (isObject(r) ? this.rule(r, `${at}/${op}/${i}`, false) : undefined));
    }
    if (op === "Not") return isObject(rule.Not) ? this.rule(rule.Not, `${at}/Not`, false) : this.error("SCHEMA_VALIDATION_FAILED", 'The field "Not" should be an object', `${at}/Not`);
    if (typeof rule.Variable !== "string" || !isValidPath(rule.Variable.replace(/^\$\$/, "$").replace(/^\$[A-Za-z_][A-Za-z0-9_]*/, "$")))
      this.error("SCHEMA_VALIDATION_FAILED", "These fields are required: [Variable]", at);
    if (op.startsWith("Timestamp") && !op.endsWith("Path") && (typeof rule[op] !== "string" || !isTimestamp(rule[op] as string)))
      this.error("SCHEMA_VALIDATION_FAILED", `The value for the field "${op}" must be a valid ISO-8601 timestamp`, `${at}/${op}`);
  }

  private parallel(state: JsonObject, at: string, language: QueryLanguage, depth: number): void {
    if (!Array.isArray(state.Branches)) return;
    state.Branches.forEach((branch, i) => {
      if (isObject(branch)) this.machine(branch, `${at}/Branches/${i}`, branchLanguage(branch, language), depth + 1);
      else this.error("SCHEMA_VALIDATION_FAILED", "A branch must be a JSON object", `${at}/Branches/${i}`);
    });
  }

  private map(_name: string, state: JsonObject, at: string, language: QueryLanguage, depth: number): void {
    const processor = state.ItemProcessor ?? state.Iterator;
    const field = state.ItemProcessor !== undefined ? "ItemProcessor" : "Iterator";
    if (processor === undefined) return this.error("SCHEMA_VALIDATION_FAILED", "These fields are required: [ItemProcessor]", at);
    if (!isObject(processor)) return this.error("SCHEMA_VALIDATION_FAILED", `The field "${field}" should be an object`, `${at}/${field}`);
    this.machine(processor, `${at}/${field}`, branchLanguage(processor, language), depth + 1);
    if (state.MaxConcurrency !== undefined && !isJsonata(state.MaxConcurrency) && !(Number.isInteger(state.MaxConcurrency) && (state.MaxConcurrency as number) >= 0))
      this.error("SCHEMA_VALIDATION_FAILED", 'The value for the field "MaxConcurrency" must be a non-negative integer', `${at}/MaxConcurrency`);
  }

  private retrier(value: Json, at: string, isCatcher: boolean): void {
    if (!isObject(value)) return this.error("SCHEMA_VALIDATION_FAILED", "A retrier must be a JSON object", at);
    const errors = value.ErrorEquals;
    if (!Array.isArray(errors) || errors.length === 0) return this.error("SCHEMA_VALIDATION_FAILED", "These fields are required: [ErrorEquals]", at);
    if (errors.includes("States.ALL") && errors.length > 1) this.error("SCHEMA_VALIDATION_FAILED", "States.ALL must appear alone in ErrorEquals", `${at}/ErrorEquals`);
    if (isCatcher) {
      if (value.Next === undefined) this.error("SCHEMA_VALIDATION_FAILED", "These fields are required: [Next]", at);
      return;
    }
    const allowed = ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"];
    for (const key of Object.keys(value)) if (!allowed.includes(key)) this.error("SCHEMA_VALIDATION_FAILED", `The field "${key}" is not supported by Step Functions`, at);
    if (value.IntervalSeconds !== undefined && !isPositiveInt(value.IntervalSeconds))
      this.error("SCHEMA_VALIDATION_FAILED", 'The value for the field "IntervalSeconds" must be a positive integer', `${at}/IntervalSeconds`);
    if (value.MaxAttempts !== undefined && !(Number.isInteger(value.MaxAttempts) && (value.MaxAttempts as number) >= 0))
      this.error("SCHEMA_VALIDATION_FAILED", 'The value for the field "MaxAttempts" must be a non-negative integer', `${at}/MaxAttempts`);
    if (value.BackoffRate !== undefined && !(typeof value.BackoffRate === "number" && value.BackoffRate >= 1))
      this.error("SCHEMA_VALIDATION_FAILED", 'The value for the field "BackoffRate" must be a number greater than or equal to 1.0', `${at}/BackoffRate`);
    if (value.JitterStrategy !== undefined && value.JitterStrategy !== "FULL" && value.JitterStrategy !== "NONE")
      this.error("SCHEMA_VALIDATION_FAILED", 'The field "JitterStrategy" should have one of these values: [FULL, NONE]', `${at}/JitterStrategy`);
  }
}

function branchLanguage(branch: JsonObject, parent: QueryLanguage): QueryLanguage {
  return branch.QueryLanguage === "JSONata" || branch.QueryLanguage === "JSONPath" ? branch.QueryLanguage : parent;
}

function transitions(state: JsonObject): string[] {
  const out: string[] = [];
  if (typeof state.Next === "string") out.push(state.Next);
  if (typeof state.Default === "string") out.push(state.Default);
  for (const list of [state.Choices, state.Catch]) if (Array.isArray(list)) for (const c of list) if (isObject(c) && typeof c.Next === "string") out.push(c.Next);
  return out;
}

function parses(text: string): boolean {
  try {
    parseIntrinsic(text);
    return true;
  } catch {
    return false;
  }
}

function isPositiveInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v > 0;
}

function isJsonata(v: unknown): boolean {
  return typeof v === "string" && v.startsWith("{%") && v.endsWith("%}");
}

export function isTimestamp(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text));
}
