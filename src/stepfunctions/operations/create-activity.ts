import type { CreateActivityInput } from "@aws-sdk/client-sfn";
import { sfnOperation } from "../state.js";
import { activityArnOf, isValidName } from "../arns.js";
import { sfnErrors } from "../errors.js";
import { tagsToMap } from "../machines.js";

/** Idempotent: creating an existing activity returns it (as AWS does). */
export const createActivity = sfnOperation<CreateActivityInput, Record<string, unknown>>({
  name: "CreateActivity",
  handle(input, ctx, engine) {
    const name = String(input.name ?? "");
    if (!isValidName(name)) throw sfnErrors.invalidName(name);
    const arn = activityArnOf(ctx.region, ctx.accountId, name);
    const now = ctx.clock.now();
    engine.store.insertActivity.run(arn, ctx.accountId, ctx.region, name, now, JSON.stringify(tagsToMap(input.tags)));
    return { activityArn: arn, creationDate: new Date(engine.store.activity.get(arn)!.created) };
  },
});
