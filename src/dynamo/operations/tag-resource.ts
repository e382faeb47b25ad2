import type { TagResourceInput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { validation } from "../errors.js";
import { tableByArn } from "../resources.js";
import { stateOf } from "../state.js";
import { Constraints } from "../validation.js";

export const tagResource = defineOperation<TagResourceInput, Record<string, never>>({
  name: "TagResource",
  handle(input, ctx) {
    const table = structuredClone(tableByArn(ctx, input.ResourceArn));
    const c = new Constraints();
    c.required(input.Tags, "tags");
    c.throwIfAny();
    for (const t of input.Tags!) {
      if (!t.Key) throw validation("1 validation error detected: Value null at 'tags.1.member.key' failed to satisfy constraint: Member must not be null");
      table.tags[t.Key] = t.Value ?? "";
    }
    if (Object.keys(table.tags).length > 50) throw validation("One or more parameter values were invalid: The number of tags exceeds the limit of 50");
    const st = stateOf(ctx);
    ctx.store.txn(() => st.saveTable(ctx.accountId, ctx.region, table));
    return {};
  },
});
