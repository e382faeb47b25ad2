import type { GetTopicAttributesInput, GetTopicAttributesResponse } from "@aws-sdk/client-sns";
import { snsErrors } from "../../errors.js";
import { EFFECTIVE_DELIVERY_POLICY, findTopic, subscriptionFromRow } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

export const getTopicAttributes = queueOperation<GetTopicAttributesInput, GetTopicAttributesResponse>({
  name: "GetTopicAttributes",
  handle(input, ctx, state) {
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
