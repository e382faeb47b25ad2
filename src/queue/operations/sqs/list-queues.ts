import type { ListQueuesRequest, ListQueuesResult } from "@aws-sdk/client-sqs";
import { sqsErrors } from "../../errors.js";
import { queueUrl } from "../../sqs/queues.js";
import { queueOperation } from "../../state.js";

export function pageToken(name: string): string {
  return Buffer.from(JSON.stringify({ after: name })).toString("base64");
}

export function afterToken(token: string | undefined): string {
  if (!token) return "";
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { after?: unknown };
    if (typeof parsed.after === "string") return parsed.after;
  } catch {
    // fall through
  }
  throw sqsErrors.invalidParameterValue("Invalid NextToken value.");
}

export function checkMaxResults(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw sqsErrors.invalidParameterValue("Value for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.");
  return n;
}

export const listQueues = queueOperation<ListQueuesRequest, ListQueuesResult>({
  name: "ListQueues",
  handle(input, ctx, state) {
    const max = checkMaxResults(input.MaxResults);
    if (input.NextToken && max === undefined) throw sqsErrors.invalidParameterValue("MaxResults is a mandatory parameter when you provide a value for NextToken.");
    const after = afterToken(input.NextToken);
    const prefix = input.QueueNamePrefix ?? "";
    const rows = state.sql.listQueues.all(ctx.accountId, ctx.region, prefix, prefix, prefix).filter((r) => r.name > after);
    const limit = max ?? 1000;
    const page = rows.slice(0, limit);
    const more = max !== undefined && rows.length > limit;
    return {
      QueueUrls: page.length > 0 ? page.map((r) => queueUrl(ctx.endpoint, r)) : undefined,
      NextToken: more ? pageToken(page[page.length - 1]!.name) : undefined,
    };
  },
});
