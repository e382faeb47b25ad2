/**
 * Task integrations: Lambda (bare ARN and `lambda:invoke`), SQS, SNS (MessageSink port),
 * `states:startExecution` (request, `.sync`, `.sync:2`), DynamoDB's optimised actions,
 * `events:putEvents`, and `aws-sdk:<service>:<action>` for local services that speak AWS JSON.
 * `.waitForTaskToken` works with any of them (the token travels in the parameters).
 */
import type { ServiceEnv } from "../../core/service.js";
import { isObject, parseJson, type Json, type JsonObject } from "../asl/json.js";
import { StatesError, statesErrors } from "../asl/states-error.js";
import type { Engine, Outcome } from "../engine/engine.js";
import type { Integrations, TaskCall } from "../engine/run.js";
import { startExecution, type Started } from "../executions.js";
import type { ExecutionRow } from "../store.js";
import { callJsonService } from "./json-services.js";
import { invokeFunction, lambdaInvoke } from "./lambda.js";
import { publish, sendMessage } from "./messaging.js";

const DYNAMODB_ACTIONS = new Set(["getItem", "putItem", "updateItem", "deleteItem"]);

export function createIntegrations(env: ServiceEnv): (engine: Engine) => Integrations {
  return (engine) => ({
    async call(call: TaskCall): Promise<Json> {
      const { resource, parameters, run } = call;
      if (resource.kind === "lambda") return invokeFunction(await env.ports.get("FunctionInvoker"), run.info, resource.functionArn, parameters);
      if (resource.kind === "activity") throw statesErrors.runtime("activities are scheduled by the engine");
      const key = `${resource.service}:${resource.action}`;
      if (key === "lambda:invoke") return lambdaInvoke(await env.ports.get("FunctionInvoker"), run.info, parameters);
      if (key === "sqs:sendMessage") return sendMessage(await env.ports.get("MessageSink"), parameters);
      if (key === "sns:publish") return publish(await env.ports.get("MessageSink"), parameters);
      if (key === "states:startExecution") return childExecution(engine, env, call);
      if (resource.service === "dynamodb" && DYNAMODB_ACTIONS.has(resource.action))
        return callJsonService(env.endpoint(), run.info, { service: "dynamodb", action: resource.action, params: parameters, errorPrefix: "DynamoDB" });
      if (key === "events:putEvents") return putEvents(env, call);
      if (resource.service.startsWith("aws-sdk:"))
        return callJsonService(env.endpoint(), run.info, { service: resource.service.slice(8), action: resource.action, params: parameters });
      throw statesErrors.runtime(`The resource ${resource.arn} is not supported by local-aws`);
    },
  });
}

async function putEvents(env: ServiceEnv, call: TaskCall): Promise<Json> {
  const params = isObject(call.parameters) ? call.parameters : {};
  const entries = Array.isArray(params.Entries) ? params.Entries : [];
  const wire = entries.map((entry) => (isObject(entry) && isObject(entry.Detail) ? { ...entry, Detail: JSON.stringify(entry.Detail) } : entry));
  const result = await callJsonService(env.endpoint(), call.run.info, { service: "eventbridge", action: "putEvents", params: { ...params, Entries: wire }, errorPrefix: "EventBridge" });
  if (typeof result.FailedEntryCount === "number" && result.FailedEntryCount > 0) throw new StatesError("EventBridge.FailedEntry", JSON.stringify(result));
  return result;
}

async function childExecution(engine: Engine, env: ServiceEnv, call: TaskCall): Promise<Json> {
  const params = isObject(call.parameters) ? call.parameters : {};
  if (typeof params.StateMachineArn !== "string") throw statesErrors.runtime("The field 'StateMachineArn' is required for the states:startExecution integration");
  const input = params.Input === undefined ? "{}" : typeof params.Input === "string" ? params.Input : JSON.stringify(params.Input);
  const parent = isObject(params.Input) && typeof params.Input.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID === "string" ? params.Input.AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID : undefined;
  let started;
  try {
    started = startExecution(engine, env.settings, call.run.info, {
      stateMachineArn: params.StateMachineArn,
      name: typeof params.Name === "string" ? params.Name : undefined,
      input,
      parent: parent ?? call.run.info.arn,
    }, "async");
  } catch (err) {
    const e = err as { code?: string; message?: string };
    throw new StatesError(`StepFunctions.${e.code ?? "SdkClientException"}`, e.message ?? String(err));
  }
  if (call.resource.kind !== "service" || (call.resource.pattern !== "sync" && call.resource.pattern !== "sync2"))
    return { ExecutionArn: started.arn, StartDate: started.startDate };
  const row = started.machine.type === "EXPRESS" ? expressRow(started, input, await call.parked(started.done!)) : await call.parked(engine.completion(started.arn));
  if (!row) throw statesErrors.runtime(`The execution ${started.arn} is gone`);
  const result = describeForSync(row, call.resource.pattern === "sync2");
  if (row.status !== "SUCCEEDED") throw new StatesError(row.status === "TIMED_OUT" ? "States.Timeout" : "States.TaskFailed", JSON.stringify(result));
  return result;
}

/** An EXPRESS child is never stored: its outcome stands in for the row. */
function expressRow(started: Started, input: string, outcome: Outcome): ExecutionRow {
  return {
    arn: started.arn,
    seq: 0,
    machine_arn: started.machine.arn,
    version_arn: null,
    alias_arn: null,
    name: started.arn.split(":")[7] ?? "",
    type: "EXPRESS",
    status: outcome.status,
    input,
    output: outcome.output ?? null,
    error: outcome.error ?? null,
    cause: outcome.cause ?? null,
    started: started.startDate,
    stopped: outcome.stopDate,
    definition: "",
    role_arn: "",
    trace_header: null,
    parent: null,
    mock_case: null,
    redrive_count: 0,
    state: null,
    map_run: null,
    map_index: null,
  };
}

function describeForSync(row: ExecutionRow, json: boolean): JsonObject {
  const out: JsonObject = {
    ExecutionArn: row.arn,
    Input: json ? parseJson(row.input) : row.input,
    InputDetails: { Included: true },
    Name: row.name,
    StartDate: row.started,
    StateMachineArn: row.machine_arn,
    Status: row.status,
    StopDate: row.stopped,
  };
  if (row.output !== null) {
    out.Output = json ? parseJson(row.output) : row.output;
    out.OutputDetails = { Included: true };
  }
  if (row.error !== null) out.Error = row.error;
  if (row.cause !== null) out.Cause = row.cause;
  return out;
}
