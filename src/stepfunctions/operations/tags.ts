/** Tags live on state machines and activities; other ARNs are ResourceNotFound. */
import type { RequestContext } from "../../core/context.js";
import type { Engine } from "../engine/engine.js";
import { sfnErrors } from "../errors.js";

export interface Tagged {
  tags: Record<string, string>;
  save(tags: Record<string, string>): void;
}

export function taggedResource(engine: Engine, ctx: RequestContext, arn: string): Tagged {
  const machine = engine.store.machine.get(arn);
  if (machine && machine.account === ctx.accountId)
    return { tags: JSON.parse(machine.tags) as Record<string, string>, save: (tags) => engine.store.setMachineTags.run(JSON.stringify(tags), arn) };
  const activity = engine.store.activity.get(arn);
  if (activity) return { tags: JSON.parse(activity.tags) as Record<string, string>, save: (tags) => engine.store.setActivityTags.run(JSON.stringify(tags), arn) };
  if (!/^arn:aws[a-z-]*:states:/.test(arn)) throw sfnErrors.invalidArn(arn);
  throw sfnErrors.resourceNotFound(arn);
}
