import type { PutTargetsRequest, PutTargetsResponse, Target } from "@aws-sdk/client-eventbridge";
import { requireBus, requireRule } from "../buses.js";
import { eventsErrors } from "../errors.js";
import { eventsOperation } from "../state.js";
import { isValidPath } from "../transform.js";
import { BUS_OR_ARN_PATTERN, Checks, NAME_PATTERN } from "../validate.js";

/** AWS's limit of targets per rule. */
const MAX_TARGETS = 5;

function checkTarget(c: Checks, t: Target, i: number): void {
  const p = `targets.${i + 1}.member`;
  c.required(`${p}.id`, t.Id)
    .string(`${p}.id`, t.Id, { min: 1, max: 64, pattern: NAME_PATTERN })
    .required(`${p}.arn`, t.Arn)
    .string(`${p}.arn`, t.Arn, { min: 1, max: 1600 })
    .string(`${p}.input`, t.Input, { max: 8192 })
    .string(`${p}.inputPath`, t.InputPath, { max: 256 })
    .int(`${p}.retryPolicy.maximumRetryAttempts`, t.RetryPolicy?.MaximumRetryAttempts, 0, 185)
    .int(`${p}.retryPolicy.maximumEventAgeInSeconds`, t.RetryPolicy?.MaximumEventAgeInSeconds, 60, 86_400);
  if (t.InputTransformer) c.required(`${p}.inputTransformer.inputTemplate`, t.InputTransformer.InputTemplate).string(`${p}.inputTransformer.inputTemplate`, t.InputTransformer.InputTemplate, { min: 1, max: 8192 });
}

function semanticChecks(t: Target): void {
  const given = [t.Input, t.InputPath, t.InputTransformer].filter((v) => v !== undefined).length;
  if (given > 1) throw eventsErrors.validation("Only one of Input, InputPath, or InputTransformer must be provided.");
  if (t.Input !== undefined) {
    try {
      JSON.parse(t.Input);
    } catch {
      throw eventsErrors.validation("Input is not valid JSON text.");
    }
  }
  if (t.InputPath !== undefined && !isValidPath(t.InputPath)) throw eventsErrors.validation(`Target ${t.Id}: InputPath is not a valid JSON path.`);
  for (const [name, path] of Object.entries(t.InputTransformer?.InputPathsMap ?? {})) {
    if (!isValidPath(path)) throw eventsErrors.validation(`Target ${t.Id}: InputPathsMap value for ${name} is not a valid JSON path.`);
  }
  if (t.Arn!.startsWith("arn:aws:sqs:") && t.Arn!.endsWith(".fifo") && !t.SqsParameters?.MessageGroupId) {
    throw eventsErrors.validation(`Parameter(s) SqsParameters must be specified for target: ${t.Id}.`);
  }
}

/** A member sent as JSON null is a member not sent, as AWS's JSON services read it. */
function withoutNulls(t: Target): Target {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== null)) as Target;
}

export const putTargets = eventsOperation<PutTargetsRequest, PutTargetsResponse>({
  name: "PutTargets",
  handle(input, ctx, state) {
    const c = new Checks()
      .required("rule", input.Rule)
      .string("rule", input.Rule, { min: 1, max: 64, pattern: NAME_PATTERN })
      .string("eventBusName", input.EventBusName, { min: 1, max: 1600, pattern: BUS_OR_ARN_PATTERN })
      .required("targets", input.Targets)
      .list("targets", input.Targets, 1, 100);
    if (Array.isArray(input.Targets)) input.Targets.forEach((t, i) => checkTarget(c, t ?? {}, i));
    c.done();
    const targets = input.Targets!.map(withoutNulls);
    for (const t of targets) semanticChecks(t);
    const bus = requireBus(state, ctx, input.EventBusName);
    const rule = requireRule(state, ctx, bus, input.Rule!);
    const { es } = state;
    es.store.txn(() => {
      const existing = new Set(es.targetsOf.all(ctx.accountId, ctx.region, bus, rule.name).map((t) => t.id));
      const added = new Set(targets.map((t) => t.Id!).filter((id) => !existing.has(id)));
      if (existing.size + added.size > MAX_TARGETS) throw eventsErrors.limitExceeded("The requested resource exceeds the maximum number allowed.");
      let seq = ctx.clock.now() * 1000;
      for (const t of targets) es.putTarget.run(ctx.accountId, ctx.region, bus, rule.name, t.Id, t.Arn, JSON.stringify(t), seq++);
    });
    return { FailedEntryCount: 0, FailedEntries: [] };
  },
});
