/**
 * HTTP/HTTPS subscribers: the confirmation handshake and notifications, through undici, loaded on
 * the first delivery: measured, it is 3.4 of the 16.9 MB heap of a server with every service
 * loaded, and every full GC (frequent under large request bodies) marks the whole heap.
 */

export interface HttpDelivery {
  url: string;
  messageType: "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";
  messageId: string;
  topicArn: string;
  subscriptionArn?: string;
  raw?: boolean;
  body: string;
}

/** POSTs like SNS does; true for a 2xx answer. Network failures and timeouts count as failures. */
export async function postToEndpoint(d: HttpDelivery): Promise<boolean> {
  const headers: Record<string, string> = {
    "content-type": "text/plain; charset=UTF-8",
    "user-agent": "Amazon Simple Notification Service Agent",
    "x-amz-sns-message-type": d.messageType,
    "x-amz-sns-message-id": d.messageId,
    "x-amz-sns-topic-arn": d.topicArn,
  };
  if (d.subscriptionArn) headers["x-amz-sns-subscription-arn"] = d.subscriptionArn;
  if (d.raw) headers["x-amz-sns-rawdelivery"] = "true";
  try {
    const { request } = await import("undici");
    const res = await request(d.url, { method: "POST", headers, body: d.body, headersTimeout: 15_000, bodyTimeout: 15_000 });
    await res.body.dump();
    return res.statusCode >= 200 && res.statusCode < 300;
  } catch {
    return false;
  }
}
