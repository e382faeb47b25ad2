import type { ListSubscriptionsInput, ListSubscriptionsResponse, Subscription } from "@aws-sdk/client-sns";
import { afterToken, pageToken } from "../../sns/query-shapes.js";
import type { SubscriptionRow } from "../../store.js";
import { queueOperation } from "../../state.js";

export const SUBSCRIPTION_PAGE = 100;

export function describeSubscription(r: SubscriptionRow): Subscription {
  return { SubscriptionArn: r.confirmed ? r.arn : "PendingConfirmation", Owner: r.owner, Protocol: r.protocol, Endpoint: r.endpoint, TopicArn: r.topic_arn };
}

export const listSubscriptions = queueOperation<ListSubscriptionsInput, ListSubscriptionsResponse>({
  name: "ListSubscriptions",
  handle(input, ctx, state) {
    const rows = state.sql.subscriptionsPage.all(ctx.accountId, ctx.region, afterToken(input.NextToken), SUBSCRIPTION_PAGE + 1);
    const page = rows.slice(0, SUBSCRIPTION_PAGE);
    return { Subscriptions: page.map(describeSubscription), NextToken: rows.length > SUBSCRIPTION_PAGE ? pageToken(page[page.length - 1]!.arn) : undefined };
  },
});
