/**
 * Where a finished asynchronous invocation goes: the function's dead-letter queue or topic (the
 * original event, with AWS's RequestID/ErrorCode/ErrorMessage attributes) and the OnSuccess /
 * OnFailure destinations of its EventInvokeConfig (AWS's invocation record JSON).
 */
import { parseArn } from "../core/arn.js";
import { dateAt } from "../core/clock.js";
import type { FunctionError } from "./environment.js";
import { enqueueAsync } from "./async-invocations.js";
import type { ResolvedFunction, Runtime } from "./runtime.js";

export interface EventInvokeConfig {
  FunctionArn?: string;
  LastModified?: number;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: { OnSuccess?: { Destination?: string }; OnFailure?: { Destination?: string } };
}

export interface Finished {
  f: ResolvedFunction;
  requestId: string;
  payload: string;
  condition?: "RetriesExhausted" | "EventAgeExceeded";
  attempts: number;
  response?: { payload: string; error?: FunctionError; functionError?: string };
}

async function deliver(rt: Runtime, target: string, body: string, attributes?: Record<string, { DataType: string; StringValue: string }>): Promise<void> {
  const arn = parseArn(target);
  if (!arn) return;
  if (arn.service === "lambda") {
    const f = rt.resolve({ accountId: arn.accountId, region: arn.region }, target);
    enqueueAsync(rt, f, body, "lambda");
    return;
  }
  if (arn.service !== "sqs" && arn.service !== "sns") {
    rt.env.log.warn({ target }, "local-aws delivers Lambda destinations to SQS, SNS and Lambda only");
    return;
  }
  const sink = await rt.env.ports.get("MessageSink");
  if (arn.service === "sqs") await sink.sendToQueue(target, { body, attributes });
  else await sink.publishToTopic(target, { body, attributes });
}

export async function deliverOutcome(rt: Runtime, done: Finished, config: EventInvokeConfig | undefined): Promise<void> {
  const failed = done.condition !== undefined;
  const tasks: Promise<void>[] = [];
  const dlq = done.f.config.DeadLetterConfig?.TargetArn;
  if (failed && dlq) {
    const message = (done.response?.error?.errorMessage ?? "").slice(0, 1024);
    tasks.push(
      deliver(rt, dlq, done.payload, {
        RequestID: { DataType: "String", StringValue: done.requestId },
        ErrorCode: { DataType: "Number", StringValue: "200" },
        ErrorMessage: { DataType: "String", StringValue: message || done.condition! },
      }),
    );
  }
  const destination = failed ? config?.DestinationConfig?.OnFailure?.Destination : config?.DestinationConfig?.OnSuccess?.Destination;
  if (destination) {
    const record = {
      version: "1.0",
      timestamp: dateAt(rt.env.clock).toISOString(),
      requestContext: {
        requestId: done.requestId,
        functionArn: `${done.f.unqualifiedArn}:${done.f.qualifier ?? "$LATEST"}`,
        condition: failed ? done.condition : "Success",
        approximateInvokeCount: done.attempts,
      },
      requestPayload: safeParse(done.payload),
      responseContext: {
        statusCode: 200,
        executedVersion: done.f.version,
        ...(done.response?.functionError ? { functionError: done.response.functionError } : {}),
      },
      responsePayload: done.response ? safeParse(done.response.payload) : undefined,
    };
    tasks.push(deliver(rt, destination, JSON.stringify(record)));
  }
  const results = await Promise.allSettled(tasks);
  for (const r of results) if (r.status === "rejected") rt.env.log.warn({ err: r.reason as unknown, fn: done.f.name }, "could not deliver an asynchronous invocation's outcome");
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
