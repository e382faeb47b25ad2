import type { GetTopicAttributesInput, GetTopicAttributesResponse } from "@aws-sdk/client-sns";
import { defineOperation } from "../../../core/service.js";
import { snsErrors } from "../../errors.js";
import { EFFECTIVE_DELIVERY_POLICY, findTopic, subscriptionFromRow } from "../../sns/topics.js";
import { stateOf } from "../../state.js";

export const getTopicAttributes = defineOperation<GetTopicAttributesInput, GetTopicAttributesResponse>({
  name: "GetTopicAttributes",
  handle(input, ctx) {
    const state = stateOf(ctx.store);
    const topic = findTopic(state, input.TopicArn);
    if (!topic) throw snsErrors.notFound();
    const subs = state.sql.subscriptionsOfTopic.all(topic.arn).map(subscriptionFromRow);
    return {
      Attributes: {
        TopicArn: topic.arn,
        Owner: topic.account,
        SubscriptionsConfirmed: String(subs.filter((s) => s.confirmed).length),
        SubscriptionsPending: String(subs.filter((s) => !s.confirmed).length),
        SubscriptionsDeleted: "0",
        EffectiveDeliveryPolicy: EFFECTIVE_DELIVERY_POLICY,
        ...topic.attrs,
      },
    };
  },
});
