import type { UntagResourceInput } from "@aws-sdk/client-dynamodb";
import { defineOperation } from "../../core/service.js";
import { tableByArn } from "../resources.js";
import { stateOf } from "../state.js";
import { Constraints } from "../validation.js";

export const untagResource = defineOperation<UntagResourceInput, Record<string, never>>({
  name: "UntagResource",
  handle(input, ctx) {
    const table = structuredClone(tableByArn(ctx, input.ResourceArn));
    const c = new Constraints();
    c.required(input.TagKeys, "tagKeys");
    c.throwIfAny();
    for (const k of input.TagKeys!) delete table.tags[k];
    const st = stateOf(ctx);
    ctx.store.txn(() => st.saveTable(ctx.accountId, ctx.region, table));
    return {};
  },
});
