import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { enqueueAsync } from "../async-invocations.js";
import { ASYNC_PAYLOAD_LIMIT, SYNC_PAYLOAD_LIMIT } from "../runtime.js";

interface Input {
  FunctionName: string;
  InvocationType?: string;
  LogType?: string;
  ClientContext?: string;
  Qualifier?: string;
  Payload?: Buffer;
}

interface Output {
  StatusCode: number;
  FunctionError?: string;
  LogResult?: string;
  ExecutedVersion?: string;
  /** Text as the function answered (written as the body without a copy to bytes). */
  Payload?: Buffer | string;
}

/** AWS rejects a payload that is not JSON before running anything. */
export function checkJsonPayload(payload: Buffer): string {
  if (payload.length === 0) return "{}";
  const text = payload.toString("utf8");
  try {
    JSON.parse(text);
  } catch (err) {
    throw lambdaErrors.invalidRequestContent(`Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`);
  }
  return text;
}

export const invoke = lambdaOperation<Input, Output>({
  name: "Invoke",
  async handle(input, ctx, rt) {
    const type = input.InvocationType ?? "RequestResponse";
    if (!["RequestResponse", "Event", "DryRun"].includes(type)) {
      throw lambdaErrors.validation(`1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`);
    }
    if (input.LogType !== undefined && !["None", "Tail"].includes(input.LogType)) {
      throw lambdaErrors.validation(`1 validation error detected: Value '${input.LogType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]`);
    }
    const payload = input.Payload ?? Buffer.alloc(0);
    const limit = type === "Event" ? ASYNC_PAYLOAD_LIMIT : SYNC_PAYLOAD_LIMIT;
    if (payload.length > limit) throw lambdaErrors.tooLarge(`Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const event = checkJsonPayload(payload);
    if (type === "DryRun") return { StatusCode: 204 };
    if (type === "Event") {
      const requestId = enqueueAsync(rt, f, event, "lambda");
      ctx.responseHeaders["x-amzn-requestid"] = requestId;
      return { StatusCode: 202, ExecutedVersion: undefined, Payload: Buffer.alloc(0) };
    }
    const result = await rt.invoke(f, event, { invocationType: "RequestResponse", clientContext: input.ClientContext });
    ctx.responseHeaders["x-amzn-requestid"] = result.requestId;
    ctx.responseHeaders["content-type"] = "application/json";
    return {
      StatusCode: 200,
      FunctionError: result.functionError,
      LogResult: input.LogType === "Tail" ? result.logTail() : undefined,
      ExecutedVersion: result.executedVersion,
      Payload: result.text,
    };
  },
});
