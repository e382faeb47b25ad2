import { describe, expect, it } from "vitest";
import { jsonString, receivedMessagesJson, sendBatchJson } from "../../src/queue/sqs/json-output.js";

const bodies = ["plain text", 'a "quoted" word', "back\\slash", "tab\tnew\nline\r", "\u0001\u001f", "é ü 漢字 \u2028\u2029 \u007f", "emoji 😀 pair", "lone \ud800 high", "lone \udc00 low", ""];

describe("behaviour", () => {
  it("quotes every string exactly as JSON.stringify does", () => {
    for (const body of bodies) expect(jsonString(body)).toBe(JSON.stringify(body));
  });

  it("renders received messages exactly as JSON.stringify of { Messages } does", () => {
    const messages = bodies.map((Body, i) => ({
      MessageId: `0000000${i}-0000-4000-8000-000000000000`,
      ReceiptHandle: Buffer.from(`1:${i}:token`).toString("base64"),
      MD5OfBody: "0123456789abcdef0123456789abcdef",
      Body,
      ...(i % 2 === 0 ? { Attributes: { SenderId: "000000000000", ApproximateReceiveCount: "1" } } : {}),
      ...(i % 3 === 0 ? { MessageAttributes: { "a.b": { DataType: "String", StringValue: `v "${i}"` } }, MD5OfMessageAttributes: "fedcba9876543210fedcba9876543210" } : {}),
    }));
    expect(receivedMessagesJson(messages)).toBe(JSON.stringify({ Messages: messages }));
  });
});

describe("SendMessageBatch answer", () => {
  it("renders exactly as JSON.stringify of { Successful, Failed } does", () => {
    const successful = [
      { Id: "m0", MessageId: "00000000-0000-4000-8000-000000000000", MD5OfMessageBody: "0123456789abcdef0123456789abcdef" },
      { Id: "m_1-x", MessageId: "00000000-0000-4000-8000-000000000001", MD5OfMessageBody: "0123456789abcdef0123456789abcdef", MD5OfMessageAttributes: "fedcba9876543210fedcba9876543210", MD5OfMessageSystemAttributes: "00112233445566778899aabbccddeeff", SequenceNumber: "18000000000000000000" },
    ];
    const failed = [{ Id: "m2", SenderFault: true, Code: "InvalidParameterValue", Message: 'bad "value"' }];
    expect(sendBatchJson(successful, failed)).toBe(JSON.stringify({ Successful: successful, Failed: failed }));
    expect(sendBatchJson([], [])).toBe(JSON.stringify({ Successful: [], Failed: [] }));
  });
});
