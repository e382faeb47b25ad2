import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";

describe("data directory", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "local-aws-logs-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const client = (aws: LocalAws): CloudWatchLogsClient =>
    new CloudWatchLogsClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });

  describe("behaviour", () => {
    it("keeps groups, streams, events, retention and tags across a restart, and keeps writing", async () => {
      const first = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
      let logs = client(first);
      try {
        await logs.send(new CreateLogGroupCommand({ logGroupName: "/app/api", tags: { team: "core" } }));
        await logs.send(new PutRetentionPolicyCommand({ logGroupName: "/app/api", retentionInDays: 3653 }));
        await logs.send(new CreateLogStreamCommand({ logGroupName: "/app/api", logStreamName: "web" }));
        const now = first.clock.now().getTime();
        await logs.send(new PutLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web", logEvents: [{ timestamp: now - 2, message: "one" }, { timestamp: now - 1, message: '{"level":"ERROR"}' }] }));
        const sink = await first.server.registry.get("LogSink");
        sink.put({ accountId: first.accountId, region: "us-east-1" }, "/aws/lambda/fn", "2026/11/26/[$LATEST]abc", [{ timestamp: now, message: "from lambda" }]);
      } finally {
        await first.stop();
      }

      const second = await startLocalAws({ port: 0, dataDir, logLevel: "silent" });
      logs = client(second);
      try {
        const groups = await logs.send(new DescribeLogGroupsCommand({}));
        expect(groups.logGroups!.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([
          ["/app/api", 3653],
          ["/aws/lambda/fn", undefined],
        ]);
        expect((await logs.send(new ListTagsLogGroupCommand({ logGroupName: "/app/api" }))).tags).toEqual({ team: "core" });
        const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/app/api" }));
        expect(streams.logStreams!.map((s) => s.logStreamName)).toEqual(["web"]);
        const events = await logs.send(new GetLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web", startFromHead: true }));
        expect(events.events!.map((e) => e.message)).toEqual(["one", '{"level":"ERROR"}']);
        const errors = await logs.send(new FilterLogEventsCommand({ logGroupName: "/app/api", filterPattern: '{ $.level = "ERROR" }' }));
        expect(errors.events).toHaveLength(1);
        const lambda = await logs.send(new GetLogEventsCommand({ logGroupName: "/aws/lambda/fn", logStreamName: "2026/11/26/[$LATEST]abc" }));
        expect(lambda.events!.map((e) => e.message)).toEqual(["from lambda"]);

        await logs.send(new PutLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web", logEvents: [{ timestamp: second.clock.now().getTime(), message: "after restart" }] }));
        const again = await logs.send(new GetLogEventsCommand({ logGroupName: "/app/api", logStreamName: "web", startFromHead: true }));
        expect(again.events!.map((e) => e.message)).toEqual(["one", '{"level":"ERROR"}', "after restart"]);
      } finally {
        await second.stop();
      }
    });
  });
});
