import type { SendMessageRequest, SendMessageResult } from "@aws-sdk/client-sqs";
import { queueForUrl } from "../../sqs/queues.js";
import { sendMessages } from "../../sqs/send.js";
import { validateMessage, type MessageInput } from "../../sqs/validate-message.js";
import { queueOperation } from "../../state.js";

export const sendMessage = queueOperation<SendMessageRequest & MessageInput, SendMessageResult>({
  name: "SendMessage",
  handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    const { message } = validateMessage(queue, input);
    return sendMessages(state, queue, [message], ctx.accountId, { endpoint: ctx.endpoint })[0]!;
  },
});
