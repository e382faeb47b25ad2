import { randomUUID } from "node:crypto";
import type { S3Ctx } from "../state.js";
import { AwsError } from "../../core/errors.js";
import { getConfig, putConfig, requireBucket } from "../buckets.js";
import { notificationXml, parseNotificationXml, testEvent, type TargetConfig } from "../notifications.js";
import { modelEnum } from "../model-binding.js";
import { s3Operation } from "../wire.js";

/** The events AWS's model lists (S3 refuses others: "The event is not supported for notifications"). */
const EVENTS = modelEnum("Event");

function invalid(message: string, name: string, value: string): AwsError {
  return new AwsError("InvalidArgument", message, { status: 400, fields: { ArgumentName: name, ArgumentValue: value } });
}

/** A port that is not there (its service is not running) means the target does not exist. */
async function targetExists(ctx: S3Ctx, t: TargetConfig): Promise<boolean> {
  try {
    if (t.type === "lambda") return await (await ctx.ports.get("FunctionInvoker")).exists(ctx, t.arn);
    const sink = await ctx.ports.get("MessageSink");
    return t.type === "sqs" ? await sink.queueExists(t.arn) : await sink.topicExists(t.arn);
  } catch {
    return false;
  }
}

const DESTINATION_ERRORS: Record<TargetConfig["type"], string> = {
  lambda: "Not authorized to invoke function",
  sqs: "The destination queue does not exist",
  sns: "The destination topic does not exist",
};

export const putBucketNotificationConfiguration = s3Operation<{ Bucket: string; NotificationConfiguration?: Record<string, unknown> }, Record<string, never>>({
  name: "PutBucketNotificationConfiguration",
  async handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const targets = parseNotificationXml(input.NotificationConfiguration, () => Buffer.from(randomUUID()).toString("base64"));
    for (const t of targets) {
      if (t.Events.length === 0) throw invalid("The event is not supported for notifications", "Event", "");
      for (const e of t.Events) if (!EVENTS.has(e)) throw invalid("The event is not supported for notifications", "Event", e);
      const names = t.rules.map((r) => r.Name.toLowerCase());
      for (const n of names) if (n !== "prefix" && n !== "suffix") throw invalid("filter rule name must be either prefix or suffix", "FilterRule", n);
      if (new Set(names).size !== names.length) throw invalid(`Cannot specify more than one ${names.find((n, i) => names.indexOf(n) !== i)} rule in a filter.`, "FilterRule", "");
    }
    for (const t of targets) {
      if (!(await targetExists(ctx, t))) {
        throw new AwsError("InvalidArgument", "Unable to validate the following destination configurations", {
          status: 400,
          fields: { ArgumentName: t.arn, ArgumentValue: DESTINATION_ERRORS[t.type] },
        });
      }
    }
    const scope = { accountId: bucket.account, region: bucket.region };
    ctx.store.txn(() => {
      putConfig(ctx, bucket.name, "notification", targets);
      for (const t of targets) {
        if (t.type === "lambda") continue;
        ctx.eventLog.append("s3.NotificationMatched", { ...scope, bucket: bucket.name, targetType: t.type, targetArn: t.arn, message: testEvent(ctx, bucket.name) });
      }
    });
    return {};
  },
});

export const getBucketNotificationConfiguration = s3Operation<{ Bucket: string }, Record<string, unknown>>({
  name: "GetBucketNotificationConfiguration",
  wire: { xmlRoot: "NotificationConfiguration" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    return notificationXml(getConfig<TargetConfig[]>(ctx, bucket.name, "notification") ?? []);
  },
});
