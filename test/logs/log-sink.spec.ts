import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import type { LogEventsWritten } from "../../src/core/events.js";
import type { LogSink } from "../../src/core/ports.js";
import { uniqueName, useServer } from "../helpers/index.js";

/** The LogSink port as the Lambda runtime uses it, read back through the CloudWatch Logs API. */
describe("LogSink port", () => {
  const ctx = useServer();
  const logs = (): CloudWatchLogsClient => ctx.client(CloudWatchLogsClient);
  const scope = { accountId: "000000000000", region: "us-east-1" };
  const sink = (): Promise<LogSink> => ctx.aws.server.registry.get("LogSink");
  const lambdaStream = "2026/11/26/[$LATEST]0123456789abcdef0123456789abcdef";

  const read = async (logGroupName: string, logStreamName = lambdaStream): Promise<string[]> =>
    (await logs().send(new GetLogEventsCommand({ logGroupName, logStreamName, startFromHead: true }))).events!.map((e) => e.message!);

  describe("behaviour", () => {
    it("put creates the group and the stream when missing", async () => {
      const group = `/aws/lambda/${uniqueName("fn")}`;
      const t = ctx.clock.now().getTime();
      (await sink()).put(scope, group, lambdaStream, [
        { timestamp: t, message: "START RequestId: 1 Version: $LATEST\n" },
        { timestamp: t + 1, message: "END RequestId: 1\n" },
      ]);
      expect(await read(group)).toEqual(["START RequestId: 1 Version: $LATEST\n", "END RequestId: 1\n"]);
      const streams = await logs().send(new DescribeLogStreamsCommand({ logGroupName: group }));
      expect(streams.logStreams).toEqual([expect.objectContaining({ logStreamName: lambdaStream, firstEventTimestamp: t, lastEventTimestamp: t + 1 }) as unknown]);
      const filtered = await logs().send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: "END" }));
      expect(filtered.events!.map((e) => e.message)).toEqual(["END RequestId: 1\n"]);
    });

    it("ensureGroup creates the group once and leaves it be after", async () => {
      const group = `/aws/lambda/${uniqueName("fn")}`;
      const s = await sink();
      s.ensureGroup(scope, group);
      s.ensureGroup(scope, group);
      const out = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
      expect(out.logGroups!.map((g) => g.logGroupName)).toEqual([group]);
    });

    it("appends to an existing stream across calls", async () => {
      const group = `/aws/lambda/${uniqueName("fn")}`;
      const s = await sink();
      const t = ctx.clock.now().getTime();
      for (let i = 0; i < 3; i++) s.put(scope, group, lambdaStream, [{ timestamp: t + i, message: `line ${i}` }]);
      expect(await read(group)).toEqual(["line 0", "line 1", "line 2"]);
    });

    it("recreates a group deleted through the API, as Lambda does", async () => {
      const group = `/aws/lambda/${uniqueName("fn")}`;
      const s = await sink();
      const t = ctx.clock.now().getTime();
      s.put(scope, group, lambdaStream, [{ timestamp: t, message: "before" }]);
      await logs().send(new DeleteLogGroupCommand({ logGroupName: group }));
      s.put(scope, group, lambdaStream, [{ timestamp: t + 1, message: "after" }]);
      expect(await read(group)).toEqual(["after"]);
    });

    it("writes again after a snapshot is restored", async () => {
      const group = `/aws/lambda/${uniqueName("fn")}`;
      const s = await sink();
      const snapshot = await ctx.aws.snapshot();
      s.put(scope, group, lambdaStream, [{ timestamp: ctx.clock.now().getTime(), message: "lost with the restore" }]);
      await ctx.aws.restore(snapshot);
      s.put(scope, group, lambdaStream, [{ timestamp: ctx.clock.now().getTime(), message: "kept" }]);
      expect(await read(group)).toEqual(["kept"]);
    });

    it("keeps accounts and regions apart", async () => {
      const group = `/aws/lambda/${uniqueName("fn")}`;
      (await sink()).put({ accountId: "000000000000", region: "eu-west-1" }, group, lambdaStream, [{ timestamp: ctx.clock.now().getTime(), message: "eu" }]);
      expect((await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }))).logGroups).toEqual([]);
      const eu = ctx.client(CloudWatchLogsClient, { region: "eu-west-1" });
      expect((await eu.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: lambdaStream }))).events!.map((e) => e.message)).toEqual(["eu"]);
    });

    it("publishes logs.EventsWritten for each put, and nothing for an empty one", async () => {
      const group = `/aws/lambda/${uniqueName("fn")}`;
      const seen: LogEventsWritten[] = [];
      const off = ctx.aws.server.bus.subscribe("logs.EventsWritten", (e) => void seen.push(e));
      try {
        const s = await sink();
        s.put(scope, group, lambdaStream, [{ timestamp: ctx.clock.now().getTime(), message: "x" }]);
        s.put(scope, group, lambdaStream, []);
        await ctx.aws.settle();
      } finally {
        off();
      }
      expect(seen).toEqual([{ ...scope, logGroupName: group, logStreamName: lambdaStream, count: 1 }]);
    });
  });
});
