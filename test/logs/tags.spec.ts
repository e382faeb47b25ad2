import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

describe("log group tags", () => {
  const ctx = useServer();
  const logs = (): CloudWatchLogsClient => ctx.client(CloudWatchLogsClient);
  const arnOf = (name: string): string => `arn:aws:logs:us-east-1:000000000000:log-group:${name}`;

  describe("validation", () => {
    it("rejects an empty tag map", async () => {
      await expectAwsError(logs().send(new TagResourceCommand({ resourceArn: arnOf("x"), tags: {} })), {
        name: "InvalidParameterException",
        status: 400,
        message: "1 validation error detected: Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1",
      });
    });

    it("rejects a tag key with characters outside AWS's tag alphabet", async () => {
      await expectAwsError(logs().send(new TagLogGroupCommand({ logGroupName: "x", tags: { "bad!key": "v" } })), {
        name: "InvalidParameterException",
        // The model's map-key constraints in coral's form, as for every service validated from its model.
        message:
          "1 validation error detected: Value '{bad!key=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$]",
      });
    });

    it("rejects a resourceArn with characters the model does not allow", async () => {
      await expectAwsError(logs().send(new ListTagsForResourceCommand({ resourceArn: "arn with spaces" })), {
        name: "InvalidParameterException",
        message: "1 validation error detected: Value 'arn with spaces' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=/:,.@-]*",
      });
    });
  });

  describe("errors", () => {
    it("tagging a missing group is ResourceNotFoundException, both ways", async () => {
      const expected = { name: "ResourceNotFoundException", status: 400, message: "The specified log group does not exist." };
      const name = uniqueName("none");
      await expectAwsError(logs().send(new TagLogGroupCommand({ logGroupName: name, tags: { a: "1" } })), expected);
      await expectAwsError(logs().send(new ListTagsLogGroupCommand({ logGroupName: name })), expected);
      await expectAwsError(logs().send(new TagResourceCommand({ resourceArn: arnOf(name), tags: { a: "1" } })), expected);
      await expectAwsError(logs().send(new ListTagsForResourceCommand({ resourceArn: arnOf(name) })), expected);
      await expectAwsError(logs().send(new UntagResourceCommand({ resourceArn: "arn:aws:sqs:us-east-1:000000000000:q", tagKeys: ["a"] })), expected);
    });

    it("more than 50 tags is TooManyTagsException", async () => {
      const name = uniqueName("many");
      const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
      await logs().send(new CreateLogGroupCommand({ logGroupName: name, tags }));
      const err = await expectAwsError<{ name: string; message: string; resourceName?: string }>(
        logs().send(new TagResourceCommand({ resourceArn: arnOf(name), tags: { one: "more" } })),
        { name: "TooManyTagsException", status: 400, message: "A resource can have no more than 50 tags." },
      );
      expect(err.resourceName).toBe(arnOf(name));
    });
  });

  describe("behaviour", () => {
    it("CreateLogGroup tags are listed by both APIs", async () => {
      const name = uniqueName("tagged");
      await logs().send(new CreateLogGroupCommand({ logGroupName: name, tags: { team: "core", env: "dev" } }));
      expect((await logs().send(new ListTagsLogGroupCommand({ logGroupName: name }))).tags).toEqual({ team: "core", env: "dev" });
      expect((await logs().send(new ListTagsForResourceCommand({ resourceArn: arnOf(name) }))).tags).toEqual({ team: "core", env: "dev" });
    });

    it("TagLogGroup adds and overwrites, UntagLogGroup removes", async () => {
      const name = uniqueName("old-api");
      await logs().send(new CreateLogGroupCommand({ logGroupName: name }));
      expect((await logs().send(new ListTagsLogGroupCommand({ logGroupName: name }))).tags).toEqual({});
      await logs().send(new TagLogGroupCommand({ logGroupName: name, tags: { a: "1", b: "2" } }));
      await logs().send(new TagLogGroupCommand({ logGroupName: name, tags: { b: "3" } }));
      expect((await logs().send(new ListTagsLogGroupCommand({ logGroupName: name }))).tags).toEqual({ a: "1", b: "3" });
      await logs().send(new UntagLogGroupCommand({ logGroupName: name, tags: ["a", "absent"] }));
      expect((await logs().send(new ListTagsLogGroupCommand({ logGroupName: name }))).tags).toEqual({ b: "3" });
    });

    it("TagResource and UntagResource take the group ARN (without the :* that DescribeLogGroups' arn ends in)", async () => {
      const name = uniqueName("new-api");
      await logs().send(new CreateLogGroupCommand({ logGroupName: name }));
      await logs().send(new TagResourceCommand({ resourceArn: arnOf(name), tags: { x: "1", y: "" } }));
      await logs().send(new TagResourceCommand({ resourceArn: arnOf(name), tags: { z: "2" } }));
      await expectAwsError(logs().send(new TagResourceCommand({ resourceArn: `${arnOf(name)}:*`, tags: { w: "3" } })), { name: "InvalidParameterException" });
      expect((await logs().send(new ListTagsForResourceCommand({ resourceArn: arnOf(name) }))).tags).toEqual({ x: "1", y: "", z: "2" });
      await logs().send(new UntagResourceCommand({ resourceArn: arnOf(name), tagKeys: ["x", "z"] }));
      expect((await logs().send(new ListTagsLogGroupCommand({ logGroupName: name }))).tags).toEqual({ y: "" });
    });
  });
});
