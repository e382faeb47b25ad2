import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  type InputLogEvent,
} from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import type { LogEventsWritten } from "../../src/core/events.js";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("PutLogEvents", () => {
  const ctx = useServer();
  const logs = (): CloudWatchLogsClient => ctx.client(CloudWatchLogsClient);
  const now = (): number => ctx.clock.now().getTime();

  async function stream(): Promise<{ logGroupName: string; logStreamName: string }> {
    const logGroupName = uniqueName("put");
    await logs().send(new CreateLogGroupCommand({ logGroupName }));
    await logs().send(new CreateLogStreamCommand({ logGroupName, logStreamName: "s" }));
    return { logGroupName, logStreamName: "s" };
  }

  async function stored(target: { logGroupName: string; logStreamName: string }): Promise<string[]> {
    const out = await logs().send(new GetLogEventsCommand({ ...target, startFromHead: true }));
    return out.events!.map((e) => e.message!);
  }

  describe("validation", () => {
    it("rejects an empty batch", async () => {
      await expectAwsError(logs().send(new PutLogEventsCommand({ ...(await stream()), logEvents: [] })), {
        name: "InvalidParameterException",
        status: 400,
        message: "1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1",
      });
    });

    it("rejects more than 10,000 events", async () => {
      const t = now();
      const logEvents = Array.from({ length: 10_001 }, () => ({ timestamp: t, message: "x" }));
      const err = await expectAwsError(logs().send(new PutLogEventsCommand({ ...(await stream()), logEvents })), { name: "InvalidParameterException", status: 400 });
      expect(err.message).toMatch(/^1 validation error detected: Value '\[.*\]' at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to 10000$/);
    });

    it("rejects an empty message and a missing timestamp, naming each event", async () => {
      const logEvents = [{ timestamp: now(), message: "" }, { message: "no time" }] as InputLogEvent[];
      await expectAwsError(logs().send(new PutLogEventsCommand({ ...(await stream()), logEvents })), {
        name: "InvalidParameterException",
        message:
          "2 validation errors detected: Value '' at 'logEvents.1.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1; Value null at 'logEvents.2.member.timestamp' failed to satisfy constraint: Member must not be null",
      });
    });
  });

  describe("errors", () => {
    it("a missing group is ResourceNotFoundException", async () => {
      await expectAwsError(logs().send(new PutLogEventsCommand({ logGroupName: uniqueName("none"), logStreamName: "s", logEvents: [{ timestamp: now(), message: "m" }] })), {
        name: "ResourceNotFoundException",
        status: 400,
        message: "The specified log group does not exist.",
      });
    });

    it("a missing stream is ResourceNotFoundException", async () => {
      const { logGroupName } = await stream();
      await expectAwsError(logs().send(new PutLogEventsCommand({ logGroupName, logStreamName: "other", logEvents: [{ timestamp: now(), message: "m" }] })), {
        name: "ResourceNotFoundException",
        message: "The specified log stream does not exist.",
      });
    });

    it("events out of chronological order fail the whole batch", async () => {
      const target = await stream();
      const t = now();
      await expectAwsError(logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: t, message: "b" }, { timestamp: t - 1, message: "a" }] })), {
        name: "InvalidParameterException",
        message: "Log events in a single PutLogEvents request must be in chronological order.",
      });
      expect(await stored(target)).toEqual([]);
    });

    it("a batch over 1,048,576 bytes (messages plus 26 bytes each) is refused", async () => {
      const target = await stream();
      const t = now();
      await expectAwsError(logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: t, message: "x".repeat(1_048_551) }] })), {
        name: "InvalidParameterException",
        message: "Upload too large: 1048577 bytes exceeds limit of 1048576",
      });
      const ok = await logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: t, message: "x".repeat(1_048_550) }] }));
      expect(ok.$metadata.httpStatusCode).toBe(200);
    });

    it("counts message bytes in UTF-8", async () => {
      const target = await stream();
      // 349,526 three-byte characters: 1,048,578 bytes, though only 349,526 UTF-16 units.
      await expectAwsError(logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: now(), message: "€".repeat(349_526) }] })), {
        name: "InvalidParameterException",
        message: "Upload too large: 1048604 bytes exceeds limit of 1048576",
      });
    });

    it("a batch spanning more than 24 hours fails", async () => {
      const target = await stream();
      const t = now();
      await expectAwsError(
        logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: t - DAY - 1, message: "a" }, { timestamp: t, message: "b" }] })),
        { name: "InvalidParameterException", message: "The batch of log events in a single PutLogEvents request cannot span more than 24 hours." },
      );
      const ok = await logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: t - DAY, message: "a" }, { timestamp: t, message: "b" }] }));
      expect(ok.rejectedLogEventsInfo).toBeUndefined();
    });
  });

  describe("behaviour", () => {
    it("stores the events and answers with a sequence token", async () => {
      const target = await stream();
      const t = now();
      const out = await logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: t - 10, message: "one" }, { timestamp: t - 10, message: "two" }] }));
      expect(out.$metadata.httpStatusCode).toBe(200);
      expect(out.nextSequenceToken).toMatch(/^\d+$/);
      expect(out.rejectedLogEventsInfo).toBeUndefined();
      expect(await stored(target)).toEqual(["one", "two"]);
    });

    it("ignores sequence tokens, valid or not", async () => {
      const target = await stream();
      const out = await logs().send(new PutLogEventsCommand({ ...target, sequenceToken: "not-a-real-token", logEvents: [{ timestamp: now(), message: "a" }] }));
      expect(out.$metadata.httpStatusCode).toBe(200);
      await logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: now(), message: "b" }] }));
      expect(await stored(target)).toEqual(["a", "b"]);
    });

    it("leaves out events older than 14 days or more than 2 hours ahead, and reports their indexes", async () => {
      const target = await stream();
      const t = now();
      const out = await logs().send(
        new PutLogEventsCommand({
          ...target,
          logEvents: [
            { timestamp: t - 15 * DAY, message: "too old 0" },
            { timestamp: t - 14 * DAY - 1, message: "too old 1" },
            { timestamp: t - 14 * DAY + 1000, message: "kept 2" },
            { timestamp: t - 14 * DAY + 2000, message: "kept 3" },
            { timestamp: t + 2 * HOUR + 1, message: "too new 4" },
            { timestamp: t + 3 * HOUR, message: "too new 5" },
          ],
        }),
      );
      expect(out.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 4 });
      expect(await stored(target)).toEqual(["kept 2", "kept 3"]);
    });

    it("measures the 24-hour span over the events it keeps", async () => {
      const target = await stream();
      const t = now();
      const out = await logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: t - 20 * DAY, message: "old" }, { timestamp: t, message: "fresh" }] }));
      expect(out.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 0 });
      expect(await stored(target)).toEqual(["fresh"]);
    });

    it("reports events older than the group's retention as expired", async () => {
      const target = await stream();
      await logs().send(new PutRetentionPolicyCommand({ logGroupName: target.logGroupName, retentionInDays: 1 }));
      const t = now();
      const out = await logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: t - DAY - 1, message: "expired" }, { timestamp: t, message: "kept" }] }));
      expect(out.rejectedLogEventsInfo).toEqual({ expiredLogEventEndIndex: 0 });
      expect(await stored(target)).toEqual(["kept"]);
    });

    it("stores nothing and reports it when every event is rejected", async () => {
      const target = await stream();
      const out = await logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: now() + 3 * HOUR, message: "future" }] }));
      expect(out.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 0 });
      expect(await stored(target)).toEqual([]);
    });

    it("publishes logs.EventsWritten after the write", async () => {
      const target = await stream();
      const seen: LogEventsWritten[] = [];
      const off = ctx.aws.server.bus.subscribe("logs.EventsWritten", (e) => void seen.push(e));
      try {
        await logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: now(), message: "a" }, { timestamp: now(), message: "b" }] }));
        await ctx.aws.settle();
      } finally {
        off();
      }
      expect(seen).toEqual([{ accountId: "000000000000", region: "us-east-1", logGroupName: target.logGroupName, logStreamName: "s", count: 2 }]);
    });

    it("keeps unicode messages intact", async () => {
      const target = await stream();
      await logs().send(new PutLogEventsCommand({ ...target, logEvents: [{ timestamp: now(), message: "héllo 🌍\n\ttabbed" }] }));
      expect(await stored(target)).toEqual(["héllo 🌍\n\ttabbed"]);
    });
  });
});
