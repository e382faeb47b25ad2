import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  paginateDescribeLogGroups,
} from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

describe("log groups", () => {
  const ctx = useServer();
  const logs = (): CloudWatchLogsClient => ctx.client(CloudWatchLogsClient);

  describe("validation", () => {
    it("rejects a name with characters outside [.-_/#A-Za-z0-9]", async () => {
      await expectAwsError(logs().send(new CreateLogGroupCommand({ logGroupName: "bad name" })), {
        name: "InvalidParameterException",
        status: 400,
        message:
          "1 validation error detected: Value 'bad name' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
      });
    });

    it("rejects a name longer than 512 characters", async () => {
      const name = "a".repeat(513);
      await expectAwsError(logs().send(new CreateLogGroupCommand({ logGroupName: name })), {
        name: "InvalidParameterException",
        message: `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must have length less than or equal to 512`,
      });
    });

    it("rejects a missing name", async () => {
      await expectAwsError(logs().send(new CreateLogGroupCommand({} as never)), {
        name: "InvalidParameterException",
        message: "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
      });
    });

    it("rejects names starting with aws/", async () => {
      await expectAwsError(logs().send(new CreateLogGroupCommand({ logGroupName: "aws/mine" })), {
        name: "InvalidParameterException",
        message: "Log groups starting with AWS/ are reserved for AWS.",
      });
    });

    it("reports every violation of DescribeLogGroups at once", async () => {
      await expectAwsError(logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "a b", limit: 51 })), {
        name: "InvalidParameterException",
        message:
          "2 validation errors detected: Value 'a b' at 'logGroupNamePrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+; Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50",
      });
    });

    it("rejects a prefix together with a pattern", async () => {
      await expectAwsError(logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "a", logGroupNamePattern: "b" })), {
        name: "InvalidParameterException",
        message: "LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.",
      });
    });

    it("rejects a nextToken it did not issue", async () => {
      await expectAwsError(logs().send(new DescribeLogGroupsCommand({ nextToken: "garbage" })), {
        name: "InvalidParameterException",
        message: "The specified nextToken is invalid.",
      });
    });
  });

  describe("errors", () => {
    it("CreateLogGroup of an existing group is ResourceAlreadyExistsException", async () => {
      const name = uniqueName("dup");
      await logs().send(new CreateLogGroupCommand({ logGroupName: name }));
      await expectAwsError(logs().send(new CreateLogGroupCommand({ logGroupName: name })), {
        name: "ResourceAlreadyExistsException",
        status: 400,
        message: "The specified log group already exists",
      });
    });

    it("DeleteLogGroup of a missing group is ResourceNotFoundException", async () => {
      await expectAwsError(logs().send(new DeleteLogGroupCommand({ logGroupName: uniqueName("nope") })), {
        name: "ResourceNotFoundException",
        status: 400,
        message: "The specified log group does not exist.",
      });
    });
  });

  describe("behaviour", () => {
    it("creates a group that DescribeLogGroups reports with AWS's fields", async () => {
      const name = `/aws/lambda/${uniqueName("fn")}`;
      const before = ctx.clock.now().getTime();
      await logs().send(new CreateLogGroupCommand({ logGroupName: name, logGroupClass: "STANDARD" }));
      const out = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
      expect(out.$metadata.httpStatusCode).toBe(200);
      expect(out.logGroups).toEqual([
        {
          logGroupName: name,
          creationTime: before,
          metricFilterCount: 0,
          arn: `arn:aws:logs:us-east-1:000000000000:log-group:${name}:*`,
          logGroupArn: `arn:aws:logs:us-east-1:000000000000:log-group:${name}`,
          storedBytes: 0,
          logGroupClass: "STANDARD",
        },
      ]);
      expect(out.nextToken).toBeUndefined();
    });

    it("keeps kmsKeyId and the INFREQUENT_ACCESS class", async () => {
      const name = uniqueName("ia");
      await logs().send(new CreateLogGroupCommand({ logGroupName: name, kmsKeyId: "arn:aws:kms:us-east-1:000000000000:key/k", logGroupClass: "INFREQUENT_ACCESS" }));
      const [group] = (await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups!;
      expect(group).toMatchObject({ kmsKeyId: "arn:aws:kms:us-east-1:000000000000:key/k", logGroupClass: "INFREQUENT_ACCESS" });
      const filtered = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, logGroupClass: "STANDARD" }));
      expect(filtered.logGroups).toEqual([]);
    });

    it("lists groups in name order, filtered by prefix, page by page", async () => {
      const prefix = uniqueName("page");
      const names = ["c", "a", "e", "b", "d"].map((s) => `${prefix}/${s}`);
      for (const n of names) await logs().send(new CreateLogGroupCommand({ logGroupName: n }));
      const first = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix, limit: 2 }));
      expect(first.logGroups!.map((g) => g.logGroupName)).toEqual([`${prefix}/a`, `${prefix}/b`]);
      expect(first.nextToken).toBeTypeOf("string");
      const seen: string[] = [];
      for await (const page of paginateDescribeLogGroups({ client: logs(), pageSize: 2 }, { logGroupNamePrefix: prefix })) {
        seen.push(...page.logGroups!.map((g) => g.logGroupName!));
      }
      expect(seen).toEqual([...names].sort());
    });

    it("matches logGroupNamePattern anywhere in the name, case-sensitively, returning only name, creationTime and arn", async () => {
      const tag = uniqueName("Pat");
      await logs().send(new CreateLogGroupCommand({ logGroupName: `/svc/${tag}/api` }));
      await logs().send(new CreateLogGroupCommand({ logGroupName: `/other/${tag}`, logGroupClass: "INFREQUENT_ACCESS" }));
      const out = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePattern: tag }));
      expect(out.logGroups).toEqual([
        { logGroupName: `/other/${tag}`, creationTime: ctx.clock.now().getTime(), arn: `arn:aws:logs:us-east-1:000000000000:log-group:/other/${tag}:*` },
        { logGroupName: `/svc/${tag}/api`, creationTime: ctx.clock.now().getTime(), arn: `arn:aws:logs:us-east-1:000000000000:log-group:/svc/${tag}/api:*` },
      ]);
      expect((await logs().send(new DescribeLogGroupsCommand({ logGroupNamePattern: tag.toLowerCase() }))).logGroups).toEqual([]);
    });

    it("deletes a group, its streams and its events", async () => {
      const name = uniqueName("gone");
      await logs().send(new CreateLogGroupCommand({ logGroupName: name }));
      const out = await logs().send(new DeleteLogGroupCommand({ logGroupName: name }));
      expect(out.$metadata.httpStatusCode).toBe(200);
      expect((await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups).toEqual([]);
      await logs().send(new CreateLogGroupCommand({ logGroupName: name }));
    });

    it("keeps groups apart by region", async () => {
      const name = uniqueName("regional");
      await logs().send(new CreateLogGroupCommand({ logGroupName: name }));
      const west = ctx.client(CloudWatchLogsClient, { region: "us-west-2" });
      expect((await west.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups).toEqual([]);
      await west.send(new CreateLogGroupCommand({ logGroupName: name }));
      const [group] = (await west.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups!;
      expect(group!.arn).toBe(`arn:aws:logs:us-west-2:000000000000:log-group:${name}:*`);
    });
  });
});
