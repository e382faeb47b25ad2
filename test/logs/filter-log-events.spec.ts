import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  type FilterLogEventsCommandInput,
  paginateFilterLogEvents,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

describe("FilterLogEvents", () => {
  const ctx = useServer();
  const logs = (): CloudWatchLogsClient => ctx.client(CloudWatchLogsClient);
  let group: string;
  let t0: number;

  const filter = async (input: Omit<FilterLogEventsCommandInput, "logGroupName">): Promise<string[]> => {
    const out = await logs().send(new FilterLogEventsCommand({ logGroupName: group, ...input }));
    return out.events!.map((e) => e.message!);
  };

  beforeAll(async () => {
    group = uniqueName("filter");
    await logs().send(new CreateLogGroupCommand({ logGroupName: group }));
    t0 = ctx.clock.now().getTime() - 100_000;
    const streams: Record<string, [number, string][]> = {
      "api/1": [
        [0, "START RequestId: 1"],
        [2, '{"level":"ERROR","latency":250,"path":"/x"}'],
        [4, "ERROR timeout calling db"],
      ],
      "api/2": [
        [1, '{"level":"INFO","latency":40,"path":"/x"}'],
        [3, '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 503 2326'],
        [5, "WARN slow response"],
      ],
      "worker/1": [[6, "ERROR Exiting worker"]],
    };
    for (const [name, events] of Object.entries(streams)) {
      await logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: name }));
      const logEvents = events.map(([s, message]) => ({ timestamp: t0 + s * 1000, message }));
      await logs().send(new PutLogEventsCommand({ logGroupName: group, logStreamName: name, logEvents }));
    }
  });

  describe("validation", () => {
    it("rejects a malformed filter pattern with AWS's message", async () => {
      await expectAwsError(logs().send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.level = "ERROR"' })), {
        name: "InvalidParameterException",
        status: 400,
        message: "If a filter pattern starts with '{' it must end with '}'",
      });
      await expectAwsError(logs().send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: "a@b" })), {
        name: "InvalidParameterException",
        message: "Invalid filter pattern: Invalid character(s) in term 'a@b'",
      });
    });

    it("rejects logStreamNames together with logStreamNamePrefix", async () => {
      await expectAwsError(logs().send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: ["api/1"], logStreamNamePrefix: "api" })), {
        name: "InvalidParameterException",
        message: "LogStreamNames and LogStreamNamePrefix are mutually exclusive parameters.",
      });
    });

    it("rejects more than 100 stream names and a pattern over 1024 characters", async () => {
      const names = Array.from({ length: 101 }, (_, i) => `s${i}`);
      const err = await expectAwsError(logs().send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: names, filterPattern: "a".repeat(1025) })), {
        name: "InvalidParameterException",
      });
      expect(err.message).toMatch(/^2 validation errors detected: Value '\[s0, .*, s100\]' at 'logStreamNames' failed to satisfy constraint: Member must have length less than or equal to 100; Value 'a+' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024$/);
    });

    it("rejects a startTime after the endTime", async () => {
      await expectAwsError(logs().send(new FilterLogEventsCommand({ logGroupName: group, startTime: 10, endTime: 5 })), {
        name: "InvalidParameterException",
        message: "Start time must be less than or equal to end time.",
      });
    });
  });

  describe("errors", () => {
    it("a missing group is ResourceNotFoundException", async () => {
      await expectAwsError(logs().send(new FilterLogEventsCommand({ logGroupName: uniqueName("nope") })), {
        name: "ResourceNotFoundException",
        status: 400,
        message: "The specified log group does not exist.",
      });
    });
  });

  describe("behaviour", () => {
    it("without a pattern returns every event of every stream, interleaved by time", async () => {
      const out = await logs().send(new FilterLogEventsCommand({ logGroupName: group }));
      expect(out.events!.map((e) => e.logStreamName)).toEqual(["api/1", "api/2", "api/1", "api/2", "api/1", "api/2", "worker/1"]);
      expect(out.events![0]).toEqual({
        logStreamName: "api/1",
        timestamp: t0,
        message: "START RequestId: 1",
        ingestionTime: t0 + 100_000,
        eventId: expect.stringMatching(/^\d+$/) as string,
      });
      expect(out.searchedLogStreams).toEqual([]);
      expect(out.nextToken).toBeUndefined();
    });

    it("matches terms, exclusions and alternatives", async () => {
      expect(await filter({ filterPattern: "ERROR" })).toEqual(['{"level":"ERROR","latency":250,"path":"/x"}', "ERROR timeout calling db", "ERROR Exiting worker"]);
      expect(await filter({ filterPattern: "ERROR -Exiting -latency" })).toEqual(["ERROR timeout calling db"]);
      expect(await filter({ filterPattern: "?WARN ?START" })).toEqual(["START RequestId: 1", "WARN slow response"]);
      expect(await filter({ filterPattern: '"slow response"' })).toEqual(["WARN slow response"]);
    });

    it("matches JSON patterns", async () => {
      expect(await filter({ filterPattern: '{ $.level = "ERROR" }' })).toEqual(['{"level":"ERROR","latency":250,"path":"/x"}']);
      expect(await filter({ filterPattern: '{ $.latency > 100 && $.path = "/x" }' })).toEqual(['{"level":"ERROR","latency":250,"path":"/x"}']);
      expect(await filter({ filterPattern: '{ $.path = "/x" }' })).toHaveLength(2);
    });

    it("matches space-delimited patterns", async () => {
      expect(await filter({ filterPattern: "[ip, user, username, timestamp, request, status = 5*, bytes]" })).toEqual([
        '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 503 2326',
      ]);
      expect(await filter({ filterPattern: "[ip, ..., status = 4*, bytes]" })).toEqual([]);
    });

    it("searches only the named streams, or the streams with a prefix", async () => {
      expect(await filter({ logStreamNames: ["worker/1", "missing"] })).toEqual(["ERROR Exiting worker"]);
      expect(await filter({ logStreamNamePrefix: "api/", filterPattern: "ERROR" })).toEqual(['{"level":"ERROR","latency":250,"path":"/x"}', "ERROR timeout calling db"]);
      expect(await filter({ logStreamNamePrefix: "nothing" })).toEqual([]);
    });

    it("startTime and endTime are both inclusive", async () => {
      const out = await logs().send(new FilterLogEventsCommand({ logGroupName: group, startTime: t0 + 2000, endTime: t0 + 4000 }));
      expect(out.events!.map((e) => e.timestamp! - t0)).toEqual([2000, 3000, 4000]);
    });

    it("pages with limit and nextToken, and the SDK paginator walks every page", async () => {
      const first = await logs().send(new FilterLogEventsCommand({ logGroupName: group, limit: 3 }));
      expect(first.events).toHaveLength(3);
      expect(first.nextToken).toBeTypeOf("string");
      const second = await logs().send(new FilterLogEventsCommand({ logGroupName: group, limit: 3, nextToken: first.nextToken }));
      expect(second.events!.map((e) => e.timestamp! - t0)).toEqual([3000, 4000, 5000]);
      const all: string[] = [];
      for await (const page of paginateFilterLogEvents({ client: logs(), pageSize: 2 }, { logGroupName: group, filterPattern: "ERROR" })) {
        all.push(...page.events!.map((e) => e.message!));
      }
      expect(all).toEqual(['{"level":"ERROR","latency":250,"path":"/x"}', "ERROR timeout calling db", "ERROR Exiting worker"]);
    });

    it("eventIds are unique and follow the event order", async () => {
      const out = await logs().send(new FilterLogEventsCommand({ logGroupName: group }));
      const ids = out.events!.map((e) => e.eventId!);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(ids);
    });

    it("rejects a nextToken it did not issue", async () => {
      await expectAwsError(logs().send(new FilterLogEventsCommand({ logGroupName: group, nextToken: "bm90LWpzb24" })), {
        name: "InvalidParameterException",
        message: "The specified nextToken is invalid.",
      });
    });
  });
});
