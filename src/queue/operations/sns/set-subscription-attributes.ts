import type { SetSubscriptionAttributesInput } from "@aws-sdk/client-sns";
import { snsErrors } from "../../errors.js";
import { checkSubscriptionAttribute } from "../../sns/subscription-attributes.js";
import { subscriptionFromRow } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

export const setSubscriptionAttributes = queueOperation<SetSubscriptionAttributesInput, Record<string, never>>({
  name: "SetSubscriptionAttributes",
  handle(input, ctx, state) {
    const row = input.SubscriptionArn ? state.sql.subscriptionByArn.get(input.SubscriptionArn) : undefined;
    if (!row) throw snsErrors.notFound("Subscription does not exist");
    const sub = subscriptionFromRow(row);
    const name = input.AttributeName ?? "";
    const value = input.AttributeValue ?? "";
    const attrs = { ...sub.attrs };
    const checked = checkSubscriptionAttribute(sub.protocol, name, value, { ...attrs, [name]: value });
    if (checked === "") delete attrs[name];
    else attrs[name] = checked;
    state.sql.updateSubscriptionAttrs.run(JSON.stringify(attrs), sub.arn);
    return {};
  },
});
