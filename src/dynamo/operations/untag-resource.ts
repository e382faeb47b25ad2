import type { UntagResourceInput } from "@aws-sdk/client-dynamodb";
import { tableByArn } from "../resources.js";
import { Constraints } from "../validation.js";
import { dynamoOperation } from "../state.js";

export const untagResource = dynamoOperation<UntagResourceInput, Record<string, never>>({
  name: "UntagResource",
  handle(input, ctx, st) {
    const table = structuredClone(tableByArn(st, ctx, input.ResourceArn));
    const c = new Constraints();
    c.required(input.TagKeys, "tagKeys");
    c.throwIfAny();
    for (const k of input.TagKeys!) delete table.tags[k];
    ctx.store.txn(() => st.saveTable(ctx.accountId, ctx.region, table));
    return {};
  },
});
