/**
 * Bucket notifications: the configuration as S3's XML names it (CloudFunctionConfiguration,
 * QueueConfiguration, TopicConfiguration), matching a change against it, and the exact records S3
 * sends. Every change publishes `s3.ObjectCreated`/`s3.ObjectRemoved`; each matching target gets one
 * `s3.NotificationMatched` whose `message` the Lambda runtime or the queue service delivers.
 */
import type { S3Ctx } from "./state.js";
import { asList } from "../core/protocols/xml.js";
import { extendedRequestId } from "../core/ids.js";
import { bucketArn, getConfig } from "./buckets.js";
import type { BucketRow, ObjectRow } from "./store.js";

export interface FilterRule {
  Name: string;
  Value: string;
}

export interface TargetConfig {
  Id: string;
  type: "lambda" | "sqs" | "sns";
  arn: string;
  Events: string[];
  rules: FilterRule[];
}

const KINDS = [
  { element: "CloudFunctionConfiguration", arnElement: "CloudFunction", type: "lambda" },
  { element: "QueueConfiguration", arnElement: "Queue", type: "sqs" },
  { element: "TopicConfiguration", arnElement: "Topic", type: "sns" },
] as const;

type XmlNode = Record<string, unknown>;

/** Reads the parsed `<NotificationConfiguration>` into targets (ids filled in as S3 does). */
export function parseNotificationXml(doc: XmlNode | undefined, newId: () => string): TargetConfig[] {
  const targets: TargetConfig[] = [];
  for (const kind of KINDS) {
    for (const c of asList<XmlNode>(doc?.[kind.element])) {
      const filter = (c.Filter as XmlNode | undefined)?.S3Key as XmlNode | undefined;
      targets.push({
        Id: typeof c.Id === "string" && c.Id ? c.Id : newId(),
        type: kind.type,
        arn: String(c[kind.arnElement] ?? ""),
        Events: asList<string>(c.Event),
        rules: asList<XmlNode>(filter?.FilterRule).map((r) => ({ Name: String(r.Name ?? ""), Value: String(r.Value ?? "") })),
      });
    }
  }
  return targets;
}

/** The stored targets in the XML shape of GetBucketNotificationConfiguration. */
export function notificationXml(targets: TargetConfig[]): XmlNode {
  const out: XmlNode = {};
  for (const kind of KINDS) {
    const list = targets
      .filter((t) => t.type === kind.type)
      .map((t) => ({
        Id: t.Id,
        [kind.arnElement]: t.arn,
        Event: t.Events,
        Filter: t.rules.length ? { S3Key: { FilterRule: t.rules } } : undefined,
      }));
    if (list.length) out[kind.element] = list;
  }
  return out;
}

export function eventMatches(pattern: string, eventName: string): boolean {
  const name = `s3:${eventName}`;
  return pattern.endsWith(":*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function keyMatches(rules: FilterRule[], key: string): boolean {
  return rules.every((r) => (r.Name.toLowerCase() === "prefix" ? key.startsWith(r.Value) : r.Name.toLowerCase() === "suffix" ? key.endsWith(r.Value) : true));
}

/** S3 form-URL-encodes keys in event records (space → `+`). */
export function eventKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, "/").replace(/%20/g, "+").replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sequencer(row: ObjectRow): string {
  return row.id.toString(16).toUpperCase().padStart(18, "0");
}

function unquoted(etag: string): string {
  return etag.replace(/"/g, "");
}

function record(ctx: S3Ctx, bucket: BucketRow, eventName: string, row: ObjectRow, configurationId: string): Record<string, unknown> {
  const created = eventName.startsWith("ObjectCreated");
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: bucket.region,
    eventTime: new Date(ctx.clock.now()).toISOString(),
    eventName,
    userIdentity: { principalId: `AWS:${ctx.accountId}` },
    requestParameters: { sourceIPAddress: "127.0.0.1" },
    responseElements: { "x-amz-request-id": ctx.requestId, "x-amz-id-2": extendedRequestId() },
    s3: {
      s3SchemaVersion: "1.0",
      configurationId,
      bucket: { name: bucket.name, ownerIdentity: { principalId: bucket.account }, arn: bucketArn(bucket.name) },
      object: {
        key: eventKey(row.key),
        ...(created ? { size: row.size, eTag: unquoted(row.etag) } : {}),
        ...(row.version_id !== "null" ? { versionId: row.version_id } : {}),
        sequencer: sequencer(row),
      },
    },
  };
}

/**
 * Publishes the change on the bus and appends one notification per matching target to the durable
 * event log (call it inside the change's transaction: the notification commits with the change).
 */
export function publishChange(ctx: S3Ctx, bucket: BucketRow, eventName: string, row: ObjectRow): void {
  const created = eventName.startsWith("ObjectCreated");
  // One literal, no spreads: this runs on every PUT and DELETE.
  ctx.bus.publish(created ? "s3.ObjectCreated" : "s3.ObjectRemoved", {
    accountId: bucket.account,
    region: bucket.region,
    bucket: bucket.name,
    key: row.key,
    eventName,
    size: created ? row.size : undefined,
    eTag: created ? unquoted(row.etag) : undefined,
    versionId: row.version_id !== "null" ? row.version_id : undefined,
    sequencer: sequencer(row),
  });
  const targets = getConfig<TargetConfig[]>(ctx, bucket.name, "notification");
  if (!targets) return;
  const scope = { accountId: bucket.account, region: bucket.region };
  for (const t of targets) {
    if (!t.Events.some((e) => eventMatches(e, eventName)) || !keyMatches(t.rules, row.key)) continue;
    ctx.eventLog.append("s3.NotificationMatched", {
      ...scope,
      bucket: bucket.name,
      targetType: t.type,
      targetArn: t.arn,
      message: { Records: [record(ctx, bucket, eventName, row, t.Id)] },
    });
  }
}

/** The message S3 sends to queue and topic targets when a configuration is saved. */
export function testEvent(ctx: S3Ctx, bucket: string): Record<string, unknown> {
  return {
    Service: "Amazon S3",
    Event: "s3:TestEvent",
    Time: new Date(ctx.clock.now()).toISOString(),
    Bucket: bucket,
    RequestId: ctx.requestId,
    HostId: extendedRequestId(),
  };
}
