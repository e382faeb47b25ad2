import type { PublishInput, PublishResponse } from "@aws-sdk/client-sns";
import { randomUUID } from "node:crypto";
import { snsErrors } from "../../errors.js";
import type { SnsMessageAttribute } from "../../sns/model.js";
import { publish as publishMessage, validatePublish, type PublishInput as Checked } from "../../sns/publish.js";
import { findTopic } from "../../sns/topics.js";
import { queueOperation } from "../../state.js";

export const publish = queueOperation<PublishInput, PublishResponse>({
  name: "Publish",
  handle(input, ctx, state) {
    if (input.PhoneNumber) {
      if (!/^\+?[0-9]{5,15}$/.test(input.PhoneNumber)) throw snsErrors.invalidParameter("Invalid parameter: PhoneNumber Reason: input incorrectly formatted");
      if (!input.Message) throw snsErrors.invalidParameter("Invalid parameter: Empty message");
      const messageId = randomUUID();
      state.sql.insertOutbox.run(ctx.accountId, ctx.region, "sms", input.PhoneNumber, null, null, JSON.stringify({ messageId, message: input.Message, messageAttributes: input.MessageAttributes }), ctx.clock.now());
      return { MessageId: messageId };
    }
    const arn = input.TopicArn ?? input.TargetArn;
    if (!arn) throw snsErrors.invalidParameter("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
    const topic = findTopic(state, arn);
    if (!topic) throw snsErrors.notFound();
    const valid = validatePublish(topic, { ...input, MessageAttributes: input.MessageAttributes as Record<string, SnsMessageAttribute> | undefined } as Checked);
    return publishMessage(state, valid, ctx.endpoint);
  },
});
