import type { UnsubscribeInput } from "@aws-sdk/client-sns";
import { snsErrors } from "../../errors.js";
import { queueOperation } from "../../state.js";

export const unsubscribe = queueOperation<UnsubscribeInput, Record<string, never>>({
  name: "Unsubscribe",
  handle(input, ctx, state) {
    if (!input.SubscriptionArn || !/^arn:aws[\w-]*:sns:/.test(input.SubscriptionArn)) throw snsErrors.invalidParameter("Invalid parameter: SubscriptionArn");
    state.sql.deleteSubscription.run(input.SubscriptionArn);
    return {};
  },
});
