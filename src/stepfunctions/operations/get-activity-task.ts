import type { GetActivityTaskInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { parseActivityArn } from "../arns.js";
import { sfnErrors } from "../errors.js";

const LONG_POLL_MS = 60_000;

/** Long-polls up to 60 s on the clock (a virtual clock answers `{}` only when advanced past them). */
export const getActivityTask = sfnOperation<GetActivityTaskInput, Record<string, unknown>>({
  name: "GetActivityTask",
  async handle(input, ctx, engine) {
    const arn = String(input.activityArn ?? "");
    parseActivityArn(arn);
    if (!engine.store.activity.get(arn)) throw sfnErrors.activityNotFound(arn);
    const deadline = ctx.clock.now() + LONG_POLL_MS;
    for (;;) {
      const task = engine.tokens.claim(arn, input.workerName);
      if (task) return { taskToken: task.token, input: task.input ?? "{}" };
      if (ctx.clock.now() >= deadline) return {};
      const abort = new AbortController();
      const stop = engine.tokens.watch(arn, () => abort.abort());
      try {
        await ctx.clock.sleepUntil(deadline, abort.signal);
      } finally {
        stop();
      }
    }
  },
});
