import { PassThrough } from "node:stream";
import { requestId as newRequestId } from "../../core/ids.js";
import { lambdaOperation } from "../state.js";
import { lambdaErrors } from "../errors.js";
import { eventMessage, STREAM_LIMIT } from "../response-stream.js";
import { SYNC_PAYLOAD_LIMIT, type InvocationResult } from "../runtime.js";
import { checkJsonPayload } from "./invoke.js";

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
  ExecutedVersion?: string;
  ResponseStreamContentType?: string;
  EventStream?: PassThrough;
}

/**
 * The answer is an event stream: a PayloadChunk per write of a streaming handler, as it happens
 * (a buffered handler's whole response as one chunk), then InvokeComplete (with ErrorCode and
 * ErrorDetails when the function failed, LogResult for `LogType: Tail`). Throttles and other
 * errors before the function starts are HTTP errors, as for Invoke.
 */
export const invokeWithResponseStream = lambdaOperation<Input, Output>({
  name: "InvokeWithResponseStream",
  async handle(input, ctx, rt) {
    const type = input.InvocationType ?? "RequestResponse";
    if (!["RequestResponse", "DryRun"].includes(type)) {
      throw lambdaErrors.validation(`1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [RequestResponse, DryRun]`);
    }
    const payload = input.Payload ?? Buffer.alloc(0);
    if (payload.length > SYNC_PAYLOAD_LIMIT) throw lambdaErrors.tooLarge(`Request must be smaller than ${SYNC_PAYLOAD_LIMIT} bytes for the InvokeFunction operation`);
    const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
    const event = checkJsonPayload(payload);
    if (type === "DryRun") return { StatusCode: 204 };
    const requestId = newRequestId();
    const out = new PassThrough();
    let streamed = 0;
    let started: (() => void) | undefined;
    const firstChunk = new Promise<void>((resolve) => (started = resolve));
    const running = rt.invoke(f, event, {
      invocationType: "RequestResponse",
      requestId,
      clientContext: input.ClientContext,
      onChunk: (chunk) => {
        streamed += chunk.length;
        if (streamed <= STREAM_LIMIT) out.write(eventMessage("PayloadChunk", "application/octet-stream", chunk));
        started?.();
      },
    });
    const finished = running.then((result) => complete(result));
    function complete(result: InvocationResult): void {
      if (streamed === 0 && result.payload.length > 0 && !result.functionError) out.write(eventMessage("PayloadChunk", "application/octet-stream", result.payload));
      const done: Record<string, string> = {};
      if (result.error) {
        done.ErrorCode = result.error.errorType;
        done.ErrorDetails = result.error.errorMessage;
      } else if (streamed > STREAM_LIMIT) {
        done.ErrorCode = "Function.ResponseSizeTooLarge";
        done.ErrorDetails = `Response payload size exceeded maximum allowed payload size (${STREAM_LIMIT} bytes).`;
      }
      if (input.LogType === "Tail") done.LogResult = result.logTail();
      out.end(eventMessage("InvokeComplete", "application/json", Buffer.from(JSON.stringify(done))));
    }
    // Headers leave with the first byte, or with the outcome (an error before the function ran is an HTTP error).
    await Promise.race([firstChunk, finished]);
    ctx.responseHeaders["x-amzn-requestid"] = requestId;
    void finished.catch(() => out.destroy());
    return { StatusCode: 200, ExecutedVersion: f.version, ResponseStreamContentType: "application/vnd.amazon.eventstream", EventStream: out };
  },
});
