/**
 * TestState: runs one state (alone, or `stateName` of a whole definition) once, without waiting
 * and without retrying: a retriable error answers RETRIABLE, a caught one CAUGHT_ERROR with the
 * catcher's next state. `mock` replaces a Task's integration; DEBUG and TRACE add the data at each
 * processing step (inspectionData).
 */
import type { TestStateInput } from "@aws-sdk/client-sfn";
import type { RequestContext } from "../core/context.js";
import { isObject, parseJson, type Json, type JsonObject } from "./asl/json.js";
import { asStatesError } from "./asl/states-error.js";
import { applyTemplate } from "./asl/template.js";
import { validateDefinition, invalidDefinitionMessage } from "./asl/validate.js";
import { History } from "./engine/history.js";
import { Aborted, runState } from "./engine/interpreter.js";
import { effectiveInput, pathScope, withResultPath, type StateCtx } from "./engine/io.js";
import { catcherFor, retryDecision } from "./engine/retry.js";
import type { Frame, Run, TaskCall } from "./engine/run.js";
import { sfnErrors } from "./errors.js";
import type { Engine } from "./engine/engine.js";

function parseField(text: string | undefined, field: string): Json | undefined {
  if (text === undefined) return undefined;
  try {
    return parseJson(text);
  } catch (err) {
    throw sfnErrors.validation(`The ${field} is not valid JSON: ${(err as Error).message}`);
  }
}

function pickState(input: TestStateInput): { name: string; state: JsonObject; language: "JSONPath" | "JSONata" } {
  let def: Json;
  try {
    def = parseJson(String(input.definition ?? ""));
  } catch (err) {
    throw sfnErrors.invalidDefinition(`Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${(err as Error).message}'`);
  }
  if (!isObject(def)) throw sfnErrors.invalidDefinition("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Definition must be a JSON object'");
  if (isObject(def.States)) {
    const { diagnostics } = validateDefinition(String(input.definition));
    if (diagnostics.some((d) => d.severity === "ERROR")) throw sfnErrors.invalidDefinition(invalidDefinitionMessage(diagnostics));
    const name = input.stateName ?? String(def.StartAt);
    const state = def.States[name];
    if (!isObject(state)) throw sfnErrors.validation(`State '${name}' is not in the definition`);
    return { name, state, language: def.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath" };
  }
  const name = input.stateName ?? "TestState";
  const states: JsonObject = { [name]: { ...def, ...(["Choice", "Succeed", "Fail"].includes(String(def.Type)) || def.Next || def.End ? {} : { End: true }) } };
  const wrapper = JSON.stringify({ StartAt: name, States: states });
  const { diagnostics } = validateDefinition(wrapper);
  const errors = diagnostics.filter((d) => d.severity === "ERROR" && d.code !== "MISSING_TRANSITION_TARGET" && d.code !== "MISSING_END_STATE");
  if (errors.length) throw sfnErrors.invalidDefinition(invalidDefinitionMessage(errors));
  return { name, state: def, language: def.QueryLanguage === "JSONata" ? "JSONata" : "JSONPath" };
}

export async function runTestState(engine: Engine, input: TestStateInput, ctx: RequestContext): Promise<Record<string, unknown>> {
  const { name, state, language } = pickState(input);
  const stateInput = parseField(input.input, "input") ?? {};
  const variables = parseField(input.variables, "variables");
  const level = input.inspectionLevel ?? "INFO";
  const mock = input.mock;
  let captured: Json | undefined;
  // A distributed Map runs its items inline here: TestState starts no Map Run.
  const services = { ...engine.services, runMap: undefined, integrations: { call: async (call: TaskCall) => (captured = await engine.services.integrations.call(call)) } };
  const run: Run = {
    info: {
      arn: `arn:aws:states:${ctx.region}:${ctx.accountId}:execution:TestStateMachine:${ctx.requestId}`,
      name: ctx.requestId,
      machineArn: `arn:aws:states:${ctx.region}:${ctx.accountId}:stateMachine:TestStateMachine`,
      machineName: "TestStateMachine",
      roleArn: input.roleArn ?? "",
      startTime: ctx.clock.now(),
      input: stateInput,
      redriveCount: 0,
      type: "EXPRESS",
      accountId: ctx.accountId,
      region: ctx.region,
    },
    history: new History(() => ctx.clock.now()),
    signal: new AbortController().signal,
    services,
    persistent: false,
    checkpoint: () => {},
    mockCalls: new Map(),
  };
  if (mock?.result !== undefined) run.mock = { [name]: { "0": { Return: parseField(mock.result, "mock result") ?? null } } };
  else if (mock?.errorOutput) run.mock = { [name]: { "0": { Throw: { Error: mock.errorOutput.error, Cause: mock.errorOutput.cause } } } };
  const frame: Frame = { run, language, variables: isObject(variables) ? { ...variables } : {}, retries: new Map(), top: false, path: "", prev: 0 };
  // No waiting and no retrying: a Wait passes at once, Retry and Catch are judged below.
  const single: JsonObject = { ...state };
  delete single.Retry;
  delete single.Catch;
  if (single.Type === "Wait") {
    for (const f of ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"]) delete single[f];
    single.Seconds = 0;
  }
  const ctxForData: StateCtx = { name, state, frame, enteredTime: ctx.clock.now(), retryCount: 0 };
  const inspection = (result: Json | undefined): Record<string, unknown> | undefined => {
    if (level === "INFO") return undefined;
    const data: Record<string, unknown> = { input: JSON.stringify(stateInput) };
    if (language === "JSONPath") {
      try {
        const afterInputPath = effectiveInput(ctxForData, stateInput);
        data.afterInputPath = JSON.stringify(afterInputPath);
        if (state.Parameters !== undefined) data.afterParameters = JSON.stringify(applyTemplate(state.Parameters, pathScope(ctxForData, afterInputPath)));
        if (result !== undefined) {
          data.result = JSON.stringify(result);
          const selected = state.ResultSelector !== undefined ? applyTemplate(state.ResultSelector, pathScope(ctxForData, result)) : result;
          data.afterResultSelector = JSON.stringify(selected);
          data.afterResultPath = JSON.stringify(withResultPath(state.ResultPath, stateInput, selected));
        }
      } catch {
        // the step that failed is reported by the error itself
      }
    } else if (result !== undefined) data.result = JSON.stringify(result);
    data.variables = JSON.stringify(frame.variables);
    return data;
  };
  try {
    const step = await runState(name, single, stateInput, frame, run.signal);
    const result = captured ?? mockReturn(run, name);
    const inspectionData = inspection(result);
    return {
      output: JSON.stringify(step.output),
      ...(step.next !== undefined && state.End !== true ? { nextState: step.next } : {}),
      status: "SUCCEEDED",
      ...(inspectionData ? { inspectionData } : {}),
    };
  } catch (err) {
    if (err instanceof Aborted) throw err;
    const failure = asStatesError(err);
    const inspectionData = inspection(undefined);
    const base = { error: failure.error, cause: failure.cause, ...(inspectionData ? { inspectionData } : {}) };
    const retries = new Map<string, number>();
    const counted = input.stateConfiguration?.retrierRetryCount;
    if (Array.isArray(state.Retry) && counted !== undefined) state.Retry.forEach((_, i) => retries.set(`${name}#${i}`, counted));
    if (state.Type !== "Fail" && retryDecision(state, name, failure, retries)) return { ...base, status: "RETRIABLE" };
    const catcher = state.Type !== "Fail" ? catcherFor(state, failure) : undefined;
    if (catcher) {
      const errorOutput: JsonObject = { Error: failure.error, Cause: failure.cause };
      const output = language === "JSONPath" ? withResultPath(catcher.ResultPath, stateInput, errorOutput) : errorOutput;
      return { ...base, output: JSON.stringify(output), nextState: String(catcher.Next), status: "CAUGHT_ERROR" };
    }
    return { ...base, status: "FAILED" };
  }
}

function mockReturn(run: Run, name: string): Json | undefined {
  const mocked = run.mock?.[name]?.["0"];
  return mocked && "Return" in mocked ? mocked.Return : undefined;
}
