/**
 * CloudWatch Logs workloads: ingestion (PutLogEvents of 10 events, the shape of a busy function's
 * log batch) and search (FilterLogEvents with a JSON pattern over a 2,000-event group).
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, FilterLogEventsCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { awsJsonRequest } from "./json-request.js";
import { benchCredentials, type RawRequest, type Target, type Workload } from "./types.js";

const PUT_GROUP = "/bench/put";
const FILTER_GROUP = "/bench/filter";
const FILTER_PATTERN = '{ $.level = "ERROR" && $.latency > 100 }';

function client(target: Target): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ endpoint: target.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 });
}

function rawJson(operation: string, body: unknown): RawRequest {
  return awsJsonRequest("1.1", "Logs_20140328", "logs", operation, body);
}

async function ensureStream(logs: CloudWatchLogsClient, logGroupName: string, logStreamName: string): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName })).catch((err: Error) => {
    if (err.name !== "ResourceAlreadyExistsException") throw err;
  });
  await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName })).catch((err: Error) => {
    if (err.name !== "ResourceAlreadyExistsException") throw err;
  });
}

function batch(size: number, at: number): { timestamp: number; message: string }[] {
  return Array.from({ length: size }, (_, i) => ({
    timestamp: at,
    message: `2026-11-26T12:00:00.000Z\tc0ffee00-0000-4000-8000-00000000000${i % 10}\tINFO\tprocessed order ${i} in 12 ms`,
  }));
}

export const workloads: Workload[] = [
  {
    name: "logs PutLogEvents (10 events)",
    targets: ["local-aws", "noop"],
    async setup(target) {
      if (target.kind === "local-aws") await ensureStream(client(target), PUT_GROUP, "s");
    },
    sdk(target) {
      const logs = client(target);
      return async () => {
        await logs.send(new PutLogEventsCommand({ logGroupName: PUT_GROUP, logStreamName: "s", logEvents: batch(10, Date.now()) }));
      };
    },
    raw() {
      const request = rawJson("PutLogEvents", { logGroupName: PUT_GROUP, logStreamName: "s", logEvents: batch(10, Date.now()) });
      return () => request;
    },
  },
  {
    name: "logs FilterLogEvents (JSON pattern, 2,000 events)",
    targets: ["local-aws", "noop"],
    opsPerRound: 500,
    async setup(target) {
      if (target.kind !== "local-aws") return;
      const logs = client(target);
      const now = Date.now();
      for (let s = 0; s < 4; s++) {
        await ensureStream(logs, FILTER_GROUP, `stream-${s}`);
        const logEvents = Array.from({ length: 500 }, (_, i) => ({
          timestamp: now - 60_000 + i,
          message: JSON.stringify({ level: i % 10 === 0 ? "ERROR" : "INFO", latency: (i * 37) % 300, path: `/orders/${i}` }),
        }));
        await logs.send(new PutLogEventsCommand({ logGroupName: FILTER_GROUP, logStreamName: `stream-${s}`, logEvents }));
      }
    },
    sdk(target) {
      const logs = client(target);
      return async () => {
        await logs.send(new FilterLogEventsCommand({ logGroupName: FILTER_GROUP, filterPattern: FILTER_PATTERN }));
      };
    },
    raw() {
      const request = rawJson("FilterLogEvents", { logGroupName: FILTER_GROUP, filterPattern: FILTER_PATTERN });
      return () => request;
    },
  },
];
