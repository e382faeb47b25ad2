import type { ListSubscriptionsInput, ListSubscriptionsResponse, Subscription } from "@aws-sdk/client-sns";
import { defineOperation } from "../../../core/service.js";
import { afterToken, pageToken } from "../../sns/query-shapes.js";
import type { SubscriptionRow } from "../../store.js";
import { stateOf } from "../../state.js";

export const SUBSCRIPTION_PAGE = 100;

export function describeSubscription(r: SubscriptionRow): Subscription {
  return { SubscriptionArn: r.confirmed ? r.arn : "PendingConfirmation", Owner: r.owner, Protocol: r.protocol, Endpoint: r.endpoint, TopicArn: r.topic_arn };
}

export const listSubscriptions = defineOperation<ListSubscriptionsInput, ListSubscriptionsResponse>({
  name: "ListSubscriptions",
  handle(input, ctx) {
    const rows = stateOf(ctx.store).sql.subscriptionsPage.all(ctx.accountId, ctx.region, afterToken(input.NextToken), SUBSCRIPTION_PAGE + 1);
    const page = rows.slice(0, SUBSCRIPTION_PAGE);
    return { Subscriptions: page.map(describeSubscription), NextToken: rows.length > SUBSCRIPTION_PAGE ? pageToken(page[page.length - 1]!.arn) : undefined };
  },
});
