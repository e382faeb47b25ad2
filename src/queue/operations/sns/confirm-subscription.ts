import type { ConfirmSubscriptionInput, ConfirmSubscriptionResponse } from "@aws-sdk/client-sns";
import { snsErrors } from "../../errors.js";
import { findTopic } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

export const confirmSubscription = queueOperation<ConfirmSubscriptionInput, ConfirmSubscriptionResponse>({
  name: "ConfirmSubscription",
  handle(input, ctx, state) {
    if (!findTopic(state, input.TopicArn)) throw snsErrors.notFound();
    const row = input.Token ? state.sql.subscriptionByToken.get(input.TopicArn, input.Token) : undefined;
    if (!row) throw snsErrors.invalidParameter("Invalid token");
    state.sql.confirmSubscription.run(row.arn);
    return { SubscriptionArn: row.arn };
  },
});
