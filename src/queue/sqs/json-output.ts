/**
 * ReceiveMessage and SendMessageBatch answers rendered as JSON text here. JSON.stringify escapes
 * strings character by character (in the 8+8 benchmark ~5% of the server's instructions went to
 * serializing message bodies); a body with nothing to escape, the usual case, is only tested
 * (one regular-expression scan) and quoted. The object stays beside the text for the Query protocol.
 */
import { JsonText } from "../../core/protocols/index.js";
import type { ReceivedMessage } from "./model.js";
import type { SendResult } from "./send.js";

export class RenderedOutput<T> extends JsonText {
  constructor(
    text: string,
    readonly value: T,
  ) {
    super(text);
  }
}

/** The output as an object (for the Query protocol's toQuery). */
export function outputValue<T>(output: T | RenderedOutput<T>): T {
  return output instanceof RenderedOutput ? (output.value as T) : output;
}

/** What JSON.stringify escapes: `"`, `\`, control characters and (unpaired) surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be found
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(text), without its per-character walk when nothing needs escaping. */
export function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** JSON.stringify({ Messages: messages }) (ids, digests and handles are hex, UUIDs and base64). */
export function receivedMessagesJson(messages: ReceivedMessage[]): string {
  let out = '{"Messages":[';
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    out += `${i === 0 ? "" : ","}{"MessageId":"${m.MessageId}","ReceiptHandle":"${m.ReceiptHandle}","MD5OfBody":"${m.MD5OfBody}","Body":${jsonString(m.Body)}`;
    if (m.Attributes !== undefined) out += `,"Attributes":${JSON.stringify(m.Attributes)}`;
    if (m.MessageAttributes !== undefined) out += `,"MessageAttributes":${JSON.stringify(m.MessageAttributes)}`;
    if (m.MD5OfMessageAttributes !== undefined) out += `,"MD5OfMessageAttributes":"${m.MD5OfMessageAttributes}"`;
    out += "}";
  }
  return `${out}]}`;
}

/**
 * JSON.stringify({ Successful, Failed }) of SendMessageBatch; entry ids are checked by checkBatch
 * ([A-Za-z0-9_-]), ids and digests are hex and UUIDs, sequence numbers digits.
 */
export function sendBatchJson(successful: (SendResult & { Id: string })[], failed: unknown[]): string {
  let out = '{"Successful":[';
  for (let i = 0; i < successful.length; i++) {
    const r = successful[i]!;
    out += `${i === 0 ? "" : ","}{"Id":"${r.Id}","MessageId":"${r.MessageId}","MD5OfMessageBody":"${r.MD5OfMessageBody}"`;
    if (r.MD5OfMessageAttributes !== undefined) out += `,"MD5OfMessageAttributes":"${r.MD5OfMessageAttributes}"`;
    if (r.MD5OfMessageSystemAttributes !== undefined) out += `,"MD5OfMessageSystemAttributes":"${r.MD5OfMessageSystemAttributes}"`;
    if (r.SequenceNumber !== undefined) out += `,"SequenceNumber":"${r.SequenceNumber}"`;
    out += "}";
  }
  return `${out}],"Failed":${JSON.stringify(failed)}}`;
}
