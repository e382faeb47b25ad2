/** EventInvokeConfig validation, storage and wire invokeConfigView, shared by its four operations. */
import type { RequestContext } from "../core/context.js";
import type { EventInvokeConfig } from "./destinations.js";
import { lambdaErrors, validationErrors } from "./errors.js";
import type { ResolvedFunction, Runtime } from "./runtime.js";

export interface InvokeConfigInput {
  FunctionName: string;
  Qualifier?: string;
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  DestinationConfig?: EventInvokeConfig["DestinationConfig"];
}
export type InvokeConfigOutput = Omit<EventInvokeConfig, "LastModified"> & { LastModified?: Date };

export function validateInvokeConfig(input: InvokeConfigInput): void {
  const problems: string[] = [];
  const r = input.MaximumRetryAttempts;
  if (r !== undefined && (r < 0 || r > 2)) problems.push(`Value '${r}' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value ${r < 0 ? "greater than or equal to 0" : "less than or equal to 2"}`);
  const a = input.MaximumEventAgeInSeconds;
  if (a !== undefined && (a < 60 || a > 21600)) problems.push(`Value '${a}' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value ${a < 60 ? "greater than or equal to 60" : "less than or equal to 21600"}`);
  if (problems.length > 0) throw validationErrors(problems);
}

export function invokeConfigView(f: ResolvedFunction, c: EventInvokeConfig): InvokeConfigOutput {
  return { ...c, FunctionArn: `${f.unqualifiedArn}:${f.qualifier ?? "$LATEST"}`, LastModified: new Date(c.LastModified ?? 0) };
}

export function saveInvokeConfig(rt: Runtime, input: InvokeConfigInput, ctx: RequestContext, merge: boolean): InvokeConfigOutput {
  validateInvokeConfig(input);
  const f = rt.resolve(ctx, input.FunctionName, input.Qualifier);
  const q = f.qualifier ?? "$LATEST";
  const existing = rt.stmts.getInvokeConfig.get(ctx.accountId, ctx.region, f.name, q);
  const base: EventInvokeConfig = merge && existing ? (JSON.parse(existing.config) as EventInvokeConfig) : {};
  const next: EventInvokeConfig = {
    ...base,
    ...(input.MaximumRetryAttempts !== undefined ? { MaximumRetryAttempts: input.MaximumRetryAttempts } : {}),
    ...(input.MaximumEventAgeInSeconds !== undefined ? { MaximumEventAgeInSeconds: input.MaximumEventAgeInSeconds } : {}),
    DestinationConfig: { OnSuccess: {}, OnFailure: {}, ...(base.DestinationConfig ?? {}), ...(input.DestinationConfig ?? {}) },
    LastModified: ctx.clock.now(),
  };
  for (const d of [next.DestinationConfig?.OnSuccess?.Destination, next.DestinationConfig?.OnFailure?.Destination]) {
    if (d !== undefined && !/^arn:aws[a-zA-Z-]*:(sqs|sns|lambda|events|s3):/.test(d)) {
      throw lambdaErrors.invalidParameter(`The destination ARN ${d} is invalid.`);
    }
  }
  rt.stmts.putInvokeConfig.run(ctx.accountId, ctx.region, f.name, q, JSON.stringify(next));
  return invokeConfigView(f, next);
}
