import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetLogEventsCommand,
  paginateGetLogEvents,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

describe("GetLogEvents", () => {
  const ctx = useServer();
  const logs = (): CloudWatchLogsClient => ctx.client(CloudWatchLogsClient);
  const target = { logGroupName: "", logStreamName: "s" };
  let t0: number;

  const messages = (out: { events?: { message?: string }[] }): string[] => out.events!.map((e) => e.message!);

  beforeAll(async () => {
    target.logGroupName = uniqueName("get");
    await logs().send(new CreateLogGroupCommand({ logGroupName: target.logGroupName }));
    await logs().send(new CreateLogStreamCommand(target));
    t0 = ctx.clock.now().getTime() - 60_000;
    // e0..e9, one second apart.
    const logEvents = Array.from({ length: 10 }, (_, i) => ({ timestamp: t0 + i * 1000, message: `e${i}` }));
    await logs().send(new PutLogEventsCommand({ ...target, logEvents }));
  });

  describe("validation", () => {
    it("rejects a limit over 10,000", async () => {
      await expectAwsError(logs().send(new GetLogEventsCommand({ ...target, limit: 10_001 })), {
        name: "InvalidParameterException",
        status: 400,
        message: "1 validation error detected: Value '10001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000",
      });
    });

    it("rejects a negative startTime", async () => {
      await expectAwsError(logs().send(new GetLogEventsCommand({ ...target, startTime: -1 })), {
        name: "InvalidParameterException",
        message: "1 validation error detected: Value '-1' at 'startTime' failed to satisfy constraint: Member must have value greater than or equal to 0",
      });
    });

    it("rejects a token it did not issue", async () => {
      await expectAwsError(logs().send(new GetLogEventsCommand({ ...target, nextToken: "f/123" })), {
        name: "InvalidParameterException",
        message: "The specified nextToken is invalid.",
      });
    });
  });

  describe("errors", () => {
    it("a missing stream is ResourceNotFoundException", async () => {
      await expectAwsError(logs().send(new GetLogEventsCommand({ logGroupName: target.logGroupName, logStreamName: "nope" })), {
        name: "ResourceNotFoundException",
        status: 400,
        message: "The specified log stream does not exist.",
      });
    });

    it("a missing group is ResourceNotFoundException", async () => {
      await expectAwsError(logs().send(new GetLogEventsCommand({ logGroupName: uniqueName("nope"), logStreamName: "s" })), {
        name: "ResourceNotFoundException",
        message: "The specified log group does not exist.",
      });
    });
  });

  describe("behaviour", () => {
    it("returns events oldest first with timestamp, message and ingestionTime", async () => {
      const out = await logs().send(new GetLogEventsCommand({ ...target, limit: 2, startFromHead: true }));
      expect(out.events).toEqual([
        { timestamp: t0, message: "e0", ingestionTime: t0 + 60_000 },
        { timestamp: t0 + 1000, message: "e1", ingestionTime: t0 + 60_000 },
      ]);
      expect(out.nextForwardToken).toMatch(/^f\/\d+\/s$/);
      expect(out.nextBackwardToken).toMatch(/^b\/\d+\/s$/);
    });

    it("without startFromHead returns the newest events", async () => {
      const out = await logs().send(new GetLogEventsCommand({ ...target, limit: 3 }));
      expect(messages(out)).toEqual(["e7", "e8", "e9"]);
    });

    it("pages forward with nextForwardToken and returns the same token at the end", async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let out = await logs().send(new GetLogEventsCommand({ ...target, limit: 4, startFromHead: true }));
      for (;;) {
        seen.push(...messages(out));
        token = out.nextForwardToken;
        out = await logs().send(new GetLogEventsCommand({ ...target, limit: 4, nextToken: token }));
        if (out.nextForwardToken === token) break;
      }
      expect(seen).toEqual(["e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"]);
      expect(out.events).toEqual([]);
      expect(out.nextForwardToken).toBe(token);
    });

    it("pages backward with nextBackwardToken", async () => {
      const newest = await logs().send(new GetLogEventsCommand({ ...target, limit: 4 }));
      expect(messages(newest)).toEqual(["e6", "e7", "e8", "e9"]);
      const older = await logs().send(new GetLogEventsCommand({ ...target, limit: 4, nextToken: newest.nextBackwardToken }));
      expect(messages(older)).toEqual(["e2", "e3", "e4", "e5"]);
      const oldest = await logs().send(new GetLogEventsCommand({ ...target, limit: 4, nextToken: older.nextBackwardToken }));
      expect(messages(oldest)).toEqual(["e0", "e1"]);
      const none = await logs().send(new GetLogEventsCommand({ ...target, limit: 4, nextToken: oldest.nextBackwardToken }));
      expect(none.events).toEqual([]);
      expect(none.nextBackwardToken).toBe(oldest.nextBackwardToken);
    });

    it("a forward token sees events written after it was handed out", async () => {
      const logGroupName = uniqueName("tail");
      await logs().send(new CreateLogGroupCommand({ logGroupName }));
      await logs().send(new CreateLogStreamCommand({ logGroupName, logStreamName: "s" }));
      const empty = await logs().send(new GetLogEventsCommand({ logGroupName, logStreamName: "s" }));
      expect(empty.events).toEqual([]);
      await logs().send(new PutLogEventsCommand({ logGroupName, logStreamName: "s", logEvents: [{ timestamp: ctx.clock.now().getTime(), message: "late" }] }));
      const next = await logs().send(new GetLogEventsCommand({ logGroupName, logStreamName: "s", nextToken: empty.nextForwardToken }));
      expect(messages(next)).toEqual(["late"]);
    });

    it("startTime is inclusive and endTime exclusive", async () => {
      const out = await logs().send(new GetLogEventsCommand({ ...target, startTime: t0 + 2000, endTime: t0 + 5000, startFromHead: true }));
      expect(messages(out)).toEqual(["e2", "e3", "e4"]);
    });

    it("the SDK paginator (with stopOnSameToken, as GetLogEvents needs) walks the stream from the head and stops", async () => {
      const seen: string[] = [];
      const pages = paginateGetLogEvents({ client: logs(), pageSize: 3, stopOnSameToken: true }, { ...target, startFromHead: true });
      for await (const page of pages) seen.push(...messages(page));
      expect(seen).toEqual(["e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"]);
    });

    it("accepts logGroupIdentifier as an ARN", async () => {
      const out = await logs().send(
        new GetLogEventsCommand({ logGroupIdentifier: `arn:aws:logs:us-east-1:000000000000:log-group:${target.logGroupName}`, logStreamName: "s", limit: 1 }),
      );
      expect(messages(out)).toEqual(["e9"]);
    });

    it("keeps a page under 1 MB", async () => {
      const logGroupName = uniqueName("big");
      await logs().send(new CreateLogGroupCommand({ logGroupName }));
      await logs().send(new CreateLogStreamCommand({ logGroupName, logStreamName: "s" }));
      const t = ctx.clock.now().getTime();
      for (let i = 0; i < 3; i++) {
        await logs().send(new PutLogEventsCommand({ logGroupName, logStreamName: "s", logEvents: [{ timestamp: t + i, message: String(i).repeat(400_000) }] }));
      }
      const first = await logs().send(new GetLogEventsCommand({ logGroupName, logStreamName: "s", startFromHead: true }));
      expect(first.events!.map((e) => e.message![0])).toEqual(["0", "1"]);
      const second = await logs().send(new GetLogEventsCommand({ logGroupName, logStreamName: "s", nextToken: first.nextForwardToken }));
      expect(second.events!.map((e) => e.message![0])).toEqual(["2"]);
    });
  });
});
