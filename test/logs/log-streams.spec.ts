import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  paginateDescribeLogStreams,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

describe("log streams", () => {
  const ctx = useServer();
  const logs = (): CloudWatchLogsClient => ctx.client(CloudWatchLogsClient);
  let group: string;

  beforeAll(async () => {
    group = uniqueName("streams");
    await logs().send(new CreateLogGroupCommand({ logGroupName: group }));
  });

  describe("validation", () => {
    it("rejects a stream name with ':' or '*'", async () => {
      await expectAwsError(logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "a:b" })), {
        name: "InvalidParameterException",
        status: 400,
        message: "1 validation error detected: Value 'a:b' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*",
      });
    });

    it("rejects an empty stream name", async () => {
      await expectAwsError(logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "" })), {
        name: "InvalidParameterException",
        message: "1 validation error detected: Value '' at 'logStreamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      });
    });

    it("rejects ordering by LastEventTime with a prefix", async () => {
      await expectAwsError(logs().send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: "LastEventTime", logStreamNamePrefix: "a" })), {
        name: "InvalidParameterException",
        message: "Cannot order by LastEventTime with a logStreamNamePrefix.",
      });
    });

    it("rejects an unknown orderBy", async () => {
      await expectAwsError(logs().send(new DescribeLogStreamsCommand({ logGroupName: group, orderBy: "Size" as never })), {
        name: "InvalidParameterException",
        message: "1 validation error detected: Value 'Size' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]",
      });
    });

    it("wants exactly one of logGroupName and logGroupIdentifier", async () => {
      await expectAwsError(logs().send(new DescribeLogStreamsCommand({ logGroupName: group, logGroupIdentifier: group })), {
        name: "InvalidParameterException",
        message: "LogGroupName and LogGroupIdentifier are mutually exclusive parameters.",
      });
      await expectAwsError(logs().send(new DescribeLogStreamsCommand({})), {
        name: "InvalidParameterException",
        message: "Should provide either logGroupName or logGroupIdentifier.",
      });
    });
  });

  describe("errors", () => {
    it("CreateLogStream in a missing group is ResourceNotFoundException", async () => {
      await expectAwsError(logs().send(new CreateLogStreamCommand({ logGroupName: uniqueName("nogroup"), logStreamName: "s" })), {
        name: "ResourceNotFoundException",
        status: 400,
        message: "The specified log group does not exist.",
      });
    });

    it("CreateLogStream of an existing stream is ResourceAlreadyExistsException", async () => {
      const stream = uniqueName("dup");
      await logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      await expectAwsError(logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })), {
        name: "ResourceAlreadyExistsException",
        status: 400,
        message: "The specified log stream already exists",
      });
    });

    it("DeleteLogStream of a missing stream is ResourceNotFoundException", async () => {
      await expectAwsError(logs().send(new DeleteLogStreamCommand({ logGroupName: group, logStreamName: uniqueName("nope") })), {
        name: "ResourceNotFoundException",
        message: "The specified log stream does not exist.",
      });
    });

    it("DescribeLogStreams of a missing group is ResourceNotFoundException", async () => {
      await expectAwsError(logs().send(new DescribeLogStreamsCommand({ logGroupName: uniqueName("nope") })), {
        name: "ResourceNotFoundException",
        message: "The specified log group does not exist.",
      });
    });
  });

  describe("behaviour", () => {
    it("reports a new stream with creationTime and arn but no event times", async () => {
      const stream = uniqueName("fresh");
      await logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      const out = await logs().send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: stream }));
      expect(out.logStreams).toEqual([
        {
          logStreamName: stream,
          creationTime: ctx.clock.now().getTime(),
          arn: `arn:aws:logs:us-east-1:000000000000:log-group:${group}:log-stream:${stream}`,
          storedBytes: 0,
        },
      ]);
    });

    it("tracks first and last event timestamps and the last ingestion time", async () => {
      const stream = uniqueName("times");
      await logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      const now = ctx.clock.now().getTime();
      await logs().send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [{ timestamp: now - 5000, message: "a" }, { timestamp: now - 1000, message: "b" }] }));
      await ctx.clock.advance(2000);
      await logs().send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [{ timestamp: now - 9000, message: "older, later" }] }));
      const [s] = (await logs().send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: stream }))).logStreams!;
      expect(s).toMatchObject({ firstEventTimestamp: now - 9000, lastEventTimestamp: now - 1000, lastIngestionTime: now + 2000 });
      expect(s!.uploadSequenceToken).toMatch(/^\d+$/);
    });

    it("accepts a group ARN as logGroupIdentifier", async () => {
      const stream = uniqueName("byarn");
      await logs().send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      for (const id of [`arn:aws:logs:us-east-1:000000000000:log-group:${group}`, group]) {
        const out = await logs().send(new DescribeLogStreamsCommand({ logGroupIdentifier: id, logStreamNamePrefix: stream }));
        expect(out.logStreams!.map((s) => s.logStreamName)).toEqual([stream]);
      }
      // The model's pattern for identifiers has no '*': DescribeLogGroups' `arn` (ending ':*') is refused.
      const starred = `arn:aws:logs:us-east-1:000000000000:log-group:${group}:*`;
      await expectAwsError(logs().send(new DescribeLogStreamsCommand({ logGroupIdentifier: starred })), {
        name: "InvalidParameterException",
        message: `1 validation error detected: Value '${starred}' at 'logGroupIdentifier' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w#+=/:,.@-]*`,
      });
      await expectAwsError(logs().send(new DescribeLogStreamsCommand({ logGroupIdentifier: "arn:aws:logs:eu-west-1:000000000000:log-group:x" })), {
        name: "ResourceNotFoundException",
        message: "The specified log group does not exist.",
      });
    });

    it("orders by name, descending on request, and pages with nextToken", async () => {
      const g = uniqueName("order");
      await logs().send(new CreateLogGroupCommand({ logGroupName: g }));
      for (const s of ["b", "d", "a", "c", "e"]) await logs().send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: s }));
      const asc = await logs().send(new DescribeLogStreamsCommand({ logGroupName: g, limit: 3 }));
      expect(asc.logStreams!.map((s) => s.logStreamName)).toEqual(["a", "b", "c"]);
      const rest = await logs().send(new DescribeLogStreamsCommand({ logGroupName: g, limit: 3, nextToken: asc.nextToken }));
      expect(rest.logStreams!.map((s) => s.logStreamName)).toEqual(["d", "e"]);
      expect(rest.nextToken).toBeUndefined();
      const desc: string[] = [];
      for await (const page of paginateDescribeLogStreams({ client: logs(), pageSize: 2 }, { logGroupName: g, descending: true })) {
        desc.push(...page.logStreams!.map((s) => s.logStreamName!));
      }
      expect(desc).toEqual(["e", "d", "c", "b", "a"]);
    });

    it("orders by LastEventTime, streams without events first", async () => {
      const g = uniqueName("recent");
      await logs().send(new CreateLogGroupCommand({ logGroupName: g }));
      const now = ctx.clock.now().getTime();
      for (const [s, age] of [["old", 3000], ["new", 1000], ["mid", 2000]] as const) {
        await logs().send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: s }));
        await logs().send(new PutLogEventsCommand({ logGroupName: g, logStreamName: s, logEvents: [{ timestamp: now - age, message: s }] }));
      }
      await logs().send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: "empty" }));
      const asc = await logs().send(new DescribeLogStreamsCommand({ logGroupName: g, orderBy: "LastEventTime" }));
      expect(asc.logStreams!.map((s) => s.logStreamName)).toEqual(["empty", "old", "mid", "new"]);
      const desc = await logs().send(new DescribeLogStreamsCommand({ logGroupName: g, orderBy: "LastEventTime", descending: true, limit: 3 }));
      expect(desc.logStreams!.map((s) => s.logStreamName)).toEqual(["new", "mid", "old"]);
      const tail = await logs().send(new DescribeLogStreamsCommand({ logGroupName: g, orderBy: "LastEventTime", descending: true, limit: 3, nextToken: desc.nextToken }));
      expect(tail.logStreams!.map((s) => s.logStreamName)).toEqual(["empty"]);
    });

    it("deleting a stream removes its events and their bytes from the group", async () => {
      const g = uniqueName("delstream");
      await logs().send(new CreateLogGroupCommand({ logGroupName: g }));
      await logs().send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: "s" }));
      await logs().send(new PutLogEventsCommand({ logGroupName: g, logStreamName: "s", logEvents: [{ timestamp: ctx.clock.now().getTime(), message: "12345" }] }));
      expect((await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: g }))).logGroups![0]!.storedBytes).toBe(5);
      await logs().send(new DeleteLogStreamCommand({ logGroupName: g, logStreamName: "s" }));
      expect((await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: g }))).logGroups![0]!.storedBytes).toBe(0);
      await logs().send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: "s" }));
      const out = await logs().send(new GetLogEventsCommand({ logGroupName: g, logStreamName: "s" }));
      expect(out.events).toEqual([]);
    });
  });
});
