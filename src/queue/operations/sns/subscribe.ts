import type { SubscribeInput, SubscribeResponse } from "@aws-sdk/client-sns";
import { randomBytes, randomUUID } from "node:crypto";
import { snsErrors } from "../../errors.js";
import { confirmationDocument } from "../../sns/envelope.js";
import { postToEndpoint } from "../../sns/http.js";
import { checkSubscriptionAttribute } from "../../sns/subscription-attributes.js";
import { findTopic, subscriptionFromRow } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

const ENDPOINT_CHECKS: Record<string, [RegExp, string]> = {
  sqs: [/^arn:aws[\w-]*:sqs:[\w-]+:\d{12}:[\w.-]+$/, "Invalid parameter: SQS endpoint ARN"],
  lambda: [/^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/, "Invalid parameter: Lambda endpoint ARN"],
  http: [/^http:\/\/\S+$/, "Invalid parameter: Endpoint must match the specified protocol"],
  https: [/^https:\/\/\S+$/, "Invalid parameter: Endpoint must match the specified protocol"],
  email: [/^[^@\s]+@[^@\s]+$/, "Invalid parameter: Email address"],
  "email-json": [/^[^@\s]+@[^@\s]+$/, "Invalid parameter: Email address"],
  sms: [/^\+?[0-9]{5,15}$/, "Invalid SMS endpoint"],
  application: [/^arn:/, "Invalid parameter: Application endpoint arn invalid"],
  firehose: [/^arn:/, "Invalid parameter: Firehose endpoint arn invalid"],
};

export const subscribe = queueOperation<SubscribeInput, SubscribeResponse>({
  name: "Subscribe",
  handle(input, ctx, state) {
    const topic = findTopic(state, input.TopicArn);
    const protocol = (input.Protocol ?? "").toLowerCase();
    const check = Object.hasOwn(ENDPOINT_CHECKS, protocol) ? ENDPOINT_CHECKS[protocol] : undefined; // not `constructor` or `__proto__`
    if (!check) throw snsErrors.invalidParameter(`Invalid parameter: Amazon SNS does not support this protocol string: ${input.Protocol ?? ""}`);
    const endpoint = input.Endpoint ?? "";
    if (!check[0].test(endpoint)) throw snsErrors.invalidParameter(check[1]);
    if (!topic) throw snsErrors.notFound();
    if (topic.fifo && protocol !== "sqs") throw snsErrors.invalidParameter(`Invalid parameter: Invalid protocol type: ${protocol}`);
    const attrs: Record<string, string> = {};
    const given = (input.Attributes ?? {}) as Record<string, string>;
    for (const [k, v] of Object.entries(given)) attrs[k] = checkSubscriptionAttribute(protocol, k, String(v), given);
    const existing = state.sql.subscriptionFor.get(topic.arn, protocol, endpoint);
    if (existing) {
      const sub = subscriptionFromRow(existing);
      for (const [k, v] of Object.entries(attrs)) {
        if (sub.attrs[k] !== v) throw snsErrors.invalidParameter("Invalid parameter: Attributes Reason: Subscription already exists with different attributes");
      }
      return { SubscriptionArn: sub.confirmed || input.ReturnSubscriptionArn ? sub.arn : "pending confirmation" };
    }
    const arn = `${topic.arn}:${randomUUID()}`;
    const needsConfirmation = ["http", "https", "email", "email-json"].includes(protocol);
    const token = needsConfirmation ? randomBytes(64).toString("hex") : null;
    state.sql.insertSubscription.run(arn, topic.arn, ctx.accountId, ctx.region, protocol, endpoint, ctx.accountId, JSON.stringify(attrs), needsConfirmation ? 0 : 1, token, ctx.clock.now());
    const sub = subscriptionFromRow(state.sql.subscriptionByArn.get(arn)!);
    if (protocol === "http" || protocol === "https") {
      const doc = confirmationDocument(sub, ctx.region, ctx.endpoint, randomUUID(), ctx.clock.now());
      void ctx.bus.track(postToEndpoint({ url: endpoint, messageType: "SubscriptionConfirmation", messageId: doc.MessageId as string, topicArn: topic.arn, body: JSON.stringify(doc) }));
    } else if (needsConfirmation) {
      const doc = confirmationDocument(sub, ctx.region, ctx.endpoint, randomUUID(), ctx.clock.now());
      state.sql.insertOutbox.run(ctx.accountId, ctx.region, protocol, endpoint, arn, topic.arn, JSON.stringify({ type: "SubscriptionConfirmation", message: JSON.stringify(doc), token }), ctx.clock.now());
    }
    return { SubscriptionArn: needsConfirmation && !input.ReturnSubscriptionArn ? "pending confirmation" : arn };
  },
});
