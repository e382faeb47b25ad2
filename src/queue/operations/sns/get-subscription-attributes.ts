import type { GetSubscriptionAttributesInput, GetSubscriptionAttributesResponse } from "@aws-sdk/client-sns";
import { snsErrors } from "../../errors.js";
import { EFFECTIVE_DELIVERY_POLICY, subscriptionFromRow } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

export const getSubscriptionAttributes = queueOperation<GetSubscriptionAttributesInput, GetSubscriptionAttributesResponse>({
  name: "GetSubscriptionAttributes",
  handle(input, ctx, state) {
    const row = input.SubscriptionArn ? state.sql.subscriptionByArn.get(input.SubscriptionArn) : undefined;
    if (!row) throw snsErrors.notFound("Subscription does not exist");
    const sub = subscriptionFromRow(row);
    const attrs: Record<string, string> = {
      SubscriptionArn: sub.arn,
      TopicArn: sub.topicArn,
      Owner: sub.owner,
      Protocol: sub.protocol,
      Endpoint: sub.endpoint,
      ConfirmationWasAuthenticated: String(sub.confirmed),
      PendingConfirmation: String(!sub.confirmed),
      RawMessageDelivery: "false",
      SubscriptionPrincipal: `arn:aws:iam::${sub.owner}:root`,
      ...sub.attrs,
    };
    if (sub.protocol === "http" || sub.protocol === "https") attrs.EffectiveDeliveryPolicy = EFFECTIVE_DELIVERY_POLICY;
    if (attrs.FilterPolicy && !attrs.FilterPolicyScope) attrs.FilterPolicyScope = "MessageAttributes";
    return { Attributes: attrs };
  },
});
