/** ARNs of EventBridge resources and AWS's event envelope. */
import { buildArn } from "../core/arn.js";
import type { Scope } from "../core/events.js";
import { uuid } from "../core/ids.js";

export const DEFAULT_BUS = "default";

export function busArn(scope: Scope, bus: string): string {
  return buildArn({ service: "events", region: scope.region, accountId: scope.accountId, resource: `event-bus/${bus}` });
}

/** Rules on the default bus are `rule/<name>`; on a custom bus `rule/<bus>/<name>`. */
export function ruleArn(scope: Scope, bus: string, rule: string): string {
  return buildArn({ service: "events", region: scope.region, accountId: scope.accountId, resource: bus === DEFAULT_BUS ? `rule/${rule}` : `rule/${bus}/${rule}` });
}

/** An event bus given by name or ARN: its name (or undefined for a malformed ARN). */
export function busName(nameOrArn: string | undefined): string {
  if (!nameOrArn) return DEFAULT_BUS;
  if (nameOrArn.startsWith("arn:")) {
    const m = /:event-bus\/(.+)$/.exec(nameOrArn);
    return m ? m[1]! : nameOrArn;
  }
  return nameOrArn;
}

/** Timestamps in events are ISO 8601 without milliseconds, as AWS writes them. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export interface EventEnvelope {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
  [extra: string]: unknown;
}

export function envelope(scope: Scope, fields: { source: string; detailType: string; detail: unknown; time: number; resources?: string[] }): EventEnvelope {
  return {
    version: "0",
    id: uuid(),
    "detail-type": fields.detailType,
    source: fields.source,
    account: scope.accountId,
    time: isoSeconds(fields.time),
    region: scope.region,
    resources: fields.resources ?? [],
    detail: fields.detail,
  };
}

/** What a scheduled rule sends its targets. */
export function scheduledEvent(scope: Scope, rule: string, time: number): EventEnvelope {
  return envelope(scope, { source: "aws.events", detailType: "Scheduled Event", detail: {}, time, resources: [rule] });
}
