/** Checks a subscription attribute as Subscribe and SetSubscriptionAttributes do. */
import { snsErrors } from "../errors.js";
import { parseFilterPolicy } from "./filter-policy.js";
import { SUBSCRIPTION_SETTABLE } from "./topics.js";

export function checkSubscriptionAttribute(protocol: string, name: string, value: string, all: Record<string, string>): string {
  if (!SUBSCRIPTION_SETTABLE.has(name)) throw snsErrors.invalidParameter("Invalid parameter: Attributes Reason: Unknown attribute");
  if (name === "RawMessageDelivery") {
    if (!/^(true|false)$/i.test(value)) throw snsErrors.invalidParameter("Invalid parameter: RawMessageDelivery: Invalid value [" + value + "]. Must be true or false.");
    if (!["sqs", "http", "https", "firehose"].includes(protocol)) {
      throw snsErrors.invalidParameter(`Invalid parameter: Attributes Reason: Delivery protocol [${protocol}] does not support raw message delivery.`);
    }
    return value.toLowerCase();
  }
  if (name === "FilterPolicyScope") {
    if (value !== "MessageAttributes" && value !== "MessageBody") {
      throw snsErrors.invalidParameter("Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid value [" + value + "]. Please use either MessageBody or MessageAttributes");
    }
    if (all.FilterPolicy) parseFilterPolicy(all.FilterPolicy, value);
  }
  if (name === "FilterPolicy" && value !== "") parseFilterPolicy(value, all.FilterPolicyScope ?? "MessageAttributes");
  if (name === "RedrivePolicy" && value !== "") {
    let target: unknown;
    try {
      target = (JSON.parse(value) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
    } catch {
      throw snsErrors.invalidParameter("Invalid parameter: RedrivePolicy: failed to parse JSON.");
    }
    if (typeof target !== "string" || !target.startsWith("arn:")) throw snsErrors.invalidParameter("Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn");
  }
  return value;
}
