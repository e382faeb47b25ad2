import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const HOUR = 3_600_000;

describe("retention policies", () => {
  const ctx = useServer();
  const logs = (): CloudWatchLogsClient => ctx.client(CloudWatchLogsClient);

  async function group(): Promise<string> {
    const name = uniqueName("ret");
    await logs().send(new CreateLogGroupCommand({ logGroupName: name }));
    return name;
  }

  async function describeGroup(name: string): Promise<{ retentionInDays?: number; storedBytes?: number }> {
    return (await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups![0]!;
  }

  describe("validation", () => {
    it("accepts only the documented day values", async () => {
      await expectAwsError(logs().send(new PutRetentionPolicyCommand({ logGroupName: await group(), retentionInDays: 2 })), {
        name: "InvalidParameterException",
        status: 400,
        message:
          "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
      });
    });

    it("requires retentionInDays", async () => {
      await expectAwsError(logs().send(new PutRetentionPolicyCommand({ logGroupName: await group() } as never)), {
        name: "InvalidParameterException",
        message: "1 validation error detected: Value null at 'retentionInDays' failed to satisfy constraint: Member must not be null",
      });
    });
  });

  describe("errors", () => {
    it("PutRetentionPolicy and DeleteRetentionPolicy of a missing group are ResourceNotFoundException", async () => {
      const expected = { name: "ResourceNotFoundException", status: 400, message: "The specified log group does not exist." };
      await expectAwsError(logs().send(new PutRetentionPolicyCommand({ logGroupName: uniqueName("none"), retentionInDays: 7 })), expected);
      await expectAwsError(logs().send(new DeleteRetentionPolicyCommand({ logGroupName: uniqueName("none") })), expected);
    });
  });

  describe("behaviour", () => {
    it("DescribeLogGroups shows retentionInDays until the policy is deleted", async () => {
      const name = await group();
      expect((await describeGroup(name)).retentionInDays).toBeUndefined();
      for (const days of [1, 3653, 1096]) {
        await logs().send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: days }));
        expect((await describeGroup(name)).retentionInDays).toBe(days);
      }
      const out = await logs().send(new DeleteRetentionPolicyCommand({ logGroupName: name }));
      expect(out.$metadata.httpStatusCode).toBe(200);
      expect((await describeGroup(name)).retentionInDays).toBeUndefined();
    });

    it("expires events older than the retention as the clock moves, and their stored bytes", async () => {
      const name = await group();
      await logs().send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: "s" }));
      const t = ctx.clock.now().getTime();
      await logs().send(new PutLogEventsCommand({ logGroupName: name, logStreamName: "s", logEvents: [{ timestamp: t - 2 * HOUR, message: "early" }] }));
      await logs().send(new PutLogEventsCommand({ logGroupName: name, logStreamName: "s", logEvents: [{ timestamp: t + HOUR, message: "late" }] }));
      await logs().send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 1 }));
      expect((await describeGroup(name)).storedBytes).toBe(9);

      await ctx.clock.advance(23 * HOUR);
      const kept = await logs().send(new GetLogEventsCommand({ logGroupName: name, logStreamName: "s", startFromHead: true }));
      expect(kept.events!.map((e) => e.message)).toEqual(["late"]);
      expect((await describeGroup(name)).storedBytes).toBe(4);

      await ctx.clock.advance(3 * HOUR);
      const gone = await logs().send(new GetLogEventsCommand({ logGroupName: name, logStreamName: "s", startFromHead: true }));
      expect(gone.events).toEqual([]);
    });

    it("keeps expiring events after a snapshot is restored (the sweep is re-armed)", async () => {
      const name = await group();
      await logs().send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: "s" }));
      await logs().send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 1 }));
      await logs().send(new PutLogEventsCommand({ logGroupName: name, logStreamName: "s", logEvents: [{ timestamp: ctx.clock.now().getTime(), message: "m" }] }));
      await ctx.aws.restore(await ctx.aws.snapshot());
      await ctx.clock.advance(25 * HOUR);
      const out = await logs().send(new GetLogEventsCommand({ logGroupName: name, logStreamName: "s" }));
      expect(out.events).toEqual([]);
    });

    it("keeps events of groups without a policy", async () => {
      const name = await group();
      await logs().send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: "s" }));
      await logs().send(new PutLogEventsCommand({ logGroupName: name, logStreamName: "s", logEvents: [{ timestamp: ctx.clock.now().getTime(), message: "forever" }] }));
      await ctx.clock.advance(48 * HOUR);
      const out = await logs().send(new GetLogEventsCommand({ logGroupName: name, logStreamName: "s" }));
      expect(out.events!.map((e) => e.message)).toEqual(["forever"]);
    });
  });
});
