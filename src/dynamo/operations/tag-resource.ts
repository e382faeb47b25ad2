import type { TagResourceInput } from "@aws-sdk/client-dynamodb";
import { validation } from "../errors.js";
import { tableByArn } from "../resources.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const tagResource = dynamoOperation<TagResourceInput, Record<string, never>>({
  name: "TagResource",
  handle(input, ctx, st) {
    const table = structuredClone(tableByArn(st, ctx, input.ResourceArn));
    const c = new Constraints();
    c.required(input.Tags, "tags");
    c.throwIfAny();
    for (const t of input.Tags!) {
      if (!t.Key) throw validation("1 validation error detected: Value null at 'tags.1.member.key' failed to satisfy constraint: Member must not be null");
      table.tags[t.Key] = t.Value ?? "";
    }
    if (Object.keys(table.tags).length > 50) throw validation("One or more parameter values were invalid: The number of tags exceeds the limit of 50");
    ctx.store.txn(() => st.saveTable(ctx.accountId, ctx.region, table));
    return {};
  },
});
