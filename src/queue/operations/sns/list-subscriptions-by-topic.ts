import type { ListSubscriptionsByTopicInput, ListSubscriptionsByTopicResponse } from "@aws-sdk/client-sns";
import { snsErrors } from "../../errors.js";
import { afterToken, pageToken } from "../../sns/query-shapes.js";
import { findTopic } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";
import { describeSubscription, SUBSCRIPTION_PAGE } from "./list-subscriptions.js";

export const listSubscriptionsByTopic = queueOperation<ListSubscriptionsByTopicInput, ListSubscriptionsByTopicResponse>({
  name: "ListSubscriptionsByTopic",
  handle(input, ctx, state) {
    if (!findTopic(state, input.TopicArn)) throw snsErrors.notFound();
    const rows = state.sql.subscriptionsOfTopicPage.all(input.TopicArn, afterToken(input.NextToken), SUBSCRIPTION_PAGE + 1);
    const page = rows.slice(0, SUBSCRIPTION_PAGE);
    return { Subscriptions: page.map(describeSubscription), NextToken: rows.length > SUBSCRIPTION_PAGE ? pageToken(page[page.length - 1]!.arn) : undefined };
  },
});
