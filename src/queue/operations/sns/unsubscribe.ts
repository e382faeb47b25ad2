import type { UnsubscribeInput } from "@aws-sdk/client-sns";
import { defineOperation } from "../../../core/service.js";
import { snsErrors } from "../../errors.js";
import { stateOf } from "../../state.js";

export const unsubscribe = defineOperation<UnsubscribeInput, Record<string, never>>({
  name: "Unsubscribe",
  handle(input, ctx) {
    const state = stateOf(ctx.store);
    if (!input.SubscriptionArn || !/^arn:aws[\w-]*:sns:/.test(input.SubscriptionArn)) throw snsErrors.invalidParameter("Invalid parameter: SubscriptionArn");
    state.sql.deleteSubscription.run(input.SubscriptionArn);
    return {};
  },
});
