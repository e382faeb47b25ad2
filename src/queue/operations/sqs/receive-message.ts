import type { ReceiveMessageRequest, ReceiveMessageResult } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { receivedMessagesJson, RenderedOutput } from "../../sqs/json-output.js";
import { queueForUrl } from "../../sqs/queues.js";
import { receiveNow, receiveWaiting, toReceived } from "../../sqs/receive.js";
import { validateVisibility } from "../../sqs/receipts.js";
import { queueOperation } from "../../state.js";

function bounded(value: unknown, name: string, min: number, max: number, reason: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw sqsErrors.invalidValueFor(name, value, reason);
  return n;
}

export const receiveMessage = queueOperation<ReceiveMessageRequest, ReceiveMessageResult>({
  name: "ReceiveMessage",
  async handle(input, ctx, state) {
    const queue = queueForUrl(state, input.QueueUrl, ctx);
    const max = bounded(input.MaxNumberOfMessages, "MaxNumberOfMessages", 1, 10, "Must be between 1 and 10, if provided.") ?? 1;
    const wait = bounded(input.WaitTimeSeconds, "WaitTimeSeconds", 0, 20, "Must be >= 0 and <= 20, if provided.") ?? queue.waitSeconds;
    const visibilityTimeout = input.VisibilityTimeout === undefined ? undefined : validateVisibility(input.VisibilityTimeout);
    const systemNames = [...((input.AttributeNames as string[] | undefined) ?? []), ...((input.MessageSystemAttributeNames as string[] | undefined) ?? [])];
    const lean = systemNames.length === 0 && (input.MessageAttributeNames ?? []).length === 0;
    const options = { maxMessages: max, visibilityTimeout, lean };
    const rows = wait > 0 ? await receiveWaiting(state, queue, options, wait) : receiveNow(state, queue, options);
    if (rows.length === 0) return {};
    const messages = rows.map((row) => toReceived(queue, row, systemNames, input.MessageAttributeNames));
    return new RenderedOutput(receivedMessagesJson(messages), { Messages: messages as ReceiveMessageResult["Messages"] }) as ReceiveMessageResult;
  },
});
