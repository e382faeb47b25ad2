/**
 * Lambda triggers, invoked through the runtime's FunctionInvoker port with AWS's event shapes
 * (version, triggerSource, region, userPoolId, userName, callerContext, request, response). A
 * function's error becomes `UserLambdaValidationException: <Trigger> failed with error <msg>.`
 */
import type { RequestContext } from "../core/context.js";
import { AwsError } from "../core/errors.js";
import { errors } from "./errors.js";
import type { Pool } from "./model.js";

const TRIGGER_TIMEOUT_MS = 5_000;

export type TriggerName =
  | "PreSignUp"
  | "PostConfirmation"
  | "PreAuthentication"
  | "PostAuthentication"
  | "PreTokenGeneration"
  | "CustomMessage"
  | "DefineAuthChallenge"
  | "CreateAuthChallenge"
  | "VerifyAuthChallengeResponse"
  | "UserMigration";

export interface TriggerEvent {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: Record<string, unknown>;
  response: Record<string, unknown>;
}

/** The function configured for `name` (PreTokenGeneration may be configured with a version). */
export function triggerArn(pool: Pool, name: TriggerName): { arn: string; version: string } | undefined {
  const config = pool.LambdaConfig;
  if (name === "PreTokenGeneration") {
    const v = config.PreTokenGenerationConfig as { LambdaArn?: string; LambdaVersion?: string } | undefined;
    if (v?.LambdaArn) return { arn: v.LambdaArn, version: v.LambdaVersion === "V2_0" ? "2" : v.LambdaVersion === "V3_0" ? "3" : "1" };
  }
  const arn = config[name];
  return typeof arn === "string" && arn !== "" ? { arn, version: "1" } : undefined;
}

function regionOf(pool: Pool): string {
  return pool.Id.slice(0, pool.Id.indexOf("_"));
}

/**
 * Runs the trigger when the pool has one: returns the event as the function returned it, or
 * undefined when no function is configured.
 */
export async function runTrigger(
  ctx: RequestContext,
  pool: Pool,
  name: TriggerName,
  fields: { triggerSource: string; userName: string; clientId?: string; request: Record<string, unknown>; response?: Record<string, unknown> },
): Promise<TriggerEvent | undefined> {
  const target = triggerArn(pool, name);
  if (!target) return undefined;
  const event: TriggerEvent = {
    version: target.version,
    triggerSource: fields.triggerSource,
    region: regionOf(pool),
    userPoolId: pool.Id,
    userName: fields.userName,
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: fields.clientId ?? "CLIENT_ID_NOT_APPLICABLE" },
    request: fields.request,
    response: fields.response ?? {},
  };
  const arn = /^arn:aws:lambda:([^:]+):(\d{12}):/.exec(target.arn);
  const scope = { accountId: arn?.[2] ?? ctx.accountId, region: arn?.[1] ?? regionOf(pool) };
  let result;
  // Cognito waits 5 seconds for a trigger (on the server's clock), whatever the function's own timeout.
  const stop = new AbortController();
  const timedOut = ctx.clock.sleepUntil(ctx.clock.now() + TRIGGER_TIMEOUT_MS, stop.signal).then((): never => {
    throw stop.signal.aborted ? new Error("trigger answered in time") : errors.unexpectedLambda(`${name} invocation failed due to error Socket timeout while invoking Lambda function.`);
  });
  timedOut.catch(() => undefined);
  try {
    const invoker = await ctx.ports.get("FunctionInvoker");
    result = await Promise.race([invoker.invoke(scope, target.arn, JSON.stringify(event), { type: "RequestResponse", source: "cognito-idp" }), timedOut]);
  } catch (err) {
    if (err instanceof AwsError && err.code === "UnexpectedLambdaException") throw err;
    if (err instanceof AwsError && err.code === "ResourceNotFoundException") throw errors.unexpectedLambda(`${name} invocation failed due to error AccessDeniedException.`);
    throw errors.unexpectedLambda(`${name} invocation failed due to error ${err instanceof Error ? err.message : String(err)}.`);
  } finally {
    stop.abort();
  }
  const text = result.payload.toString("utf8");
  if (result.functionError) {
    let message = text;
    try {
      const parsed = JSON.parse(text) as { errorMessage?: unknown };
      if (typeof parsed.errorMessage === "string") message = parsed.errorMessage;
    } catch {
      // not JSON: the raw text is the message
    }
    throw errors.userLambdaValidation(`${name} failed with error ${message}.`);
  }
  let returned: unknown;
  try {
    returned = JSON.parse(text);
  } catch {
    throw errors.invalidLambdaResponse("Unrecognizable lambda output");
  }
  if (!returned || typeof returned !== "object" || Array.isArray(returned)) throw errors.invalidLambdaResponse("Unrecognizable lambda output");
  const out = returned as Partial<TriggerEvent>;
  return { ...event, response: out.response && typeof out.response === "object" ? out.response : {} };
}
