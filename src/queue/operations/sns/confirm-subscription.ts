import type { ConfirmSubscriptionInput, ConfirmSubscriptionResponse } from "@aws-sdk/client-sns";
import { defineOperation } from "../../../core/service.js";
import { snsErrors } from "../../errors.js";
import { findTopic } from "../../sns/topics.js";
import { stateOf } from "../../state.js";

export const confirmSubscription = defineOperation<ConfirmSubscriptionInput, ConfirmSubscriptionResponse>({
  name: "ConfirmSubscription",
  handle(input, ctx) {
    const state = stateOf(ctx.store);
    if (!findTopic(state, input.TopicArn)) throw snsErrors.notFound();
    const row = input.Token ? state.sql.subscriptionByToken.get(input.TopicArn, input.Token) : undefined;
    if (!row) throw snsErrors.invalidParameter("Invalid token");
    state.sql.confirmSubscription.run(row.arn);
    return { SubscriptionArn: row.arn };
  },
});
