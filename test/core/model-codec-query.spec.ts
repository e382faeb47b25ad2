/**
 * awsQuery driven by a model: test-only services speaking IAM's and SNS's models with no
 * fromQuery/toQuery. The real SDK clients send; the decoded input must equal what was sent; the
 * SDK must parse the encoded output (and errors) back to the same values.
 */
import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand, TagUserCommand } from "@aws-sdk/client-iam";
import { CreateTopicCommand, GetTopicAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { AwsError } from "../../src/core/errors.js";
import { coralValidation } from "../../src/core/models/index.js";
import { defineOperation, defineService, type ServiceManifest } from "../../src/core/service.js";
import { expectAwsError, useServer } from "../helpers/index.js";

let seen: { op: string; input: Record<string, unknown> } | undefined;
const created = new Date("2024-05-06T07:08:09.000Z");

function op(name: string, output: (input: Record<string, unknown>) => unknown): ReturnType<typeof defineOperation> {
  return defineOperation<Record<string, unknown>, unknown>({
    name,
    handle(input) {
      seen = { op: name, input: JSON.parse(JSON.stringify(input)) as Record<string, unknown> };
      return output(input) as never;
    },
  });
}

const user = (name: string): Record<string, unknown> => ({ Path: "/", UserName: name, UserId: "AIDA0000000000000001", Arn: `arn:aws:iam::000000000000:user/${name}`, CreateDate: created });

const iam = defineService({
  name: "codec-test-iam",
  apis: [
    {
      id: "iam",
      protocol: "awsQuery",
      endpointName: "iam",
      // IAM answers constraint violations as ValidationError.
      model: { service: "iam", style: coralValidation("ValidationError") },
      operations: [
        op("CreateUser", (i) => ({ User: { ...user(String(i.UserName)), Tags: i.Tags } })),
        op("ListUsers", () => ({ Users: [user("a"), user("b")], IsTruncated: true, Marker: "m2" })),
        op("GetUser", () => {
          throw new AwsError("NoSuchEntity", "The user with name nobody cannot be found.", { status: 404 });
        }),
        op("TagUser", () => ({})),
      ],
    },
  ],
});

const sns = defineService({
  name: "codec-test-sns",
  apis: [
    {
      id: "sns",
      protocol: "awsQuery",
      endpointName: "sns",
      model: { service: "sns" },
      operations: [
        op("CreateTopic", (i) => ({ TopicArn: `arn:aws:sns:us-east-1:000000000000:${String(i.Name)}` })),
        op("GetTopicAttributes", () => ({ Attributes: { DisplayName: "d", Policy: '{"a":"<b>&"}' } })),
      ],
    },
  ],
});

const manifests: ServiceManifest[] = [
  { name: "codec-test-iam", tablePrefix: "ctiam_", apis: [{ id: "iam", protocol: "awsQuery", endpointName: "iam", signingNames: ["iam"] }], load: async () => iam },
  { name: "codec-test-sns", tablePrefix: "ctsns_", apis: [{ id: "sns", protocol: "awsQuery", endpointName: "sns", signingNames: ["sns"] }], load: async () => sns },
];

const ctx = useServer({ services: manifests });

describe("awsQuery from the model", () => {
  it("reads lists of structures and writes results with timestamps", async () => {
    const out = await ctx.client(IAMClient).send(new CreateUserCommand({ UserName: "alice", Path: "/", Tags: [{ Key: "team", Value: "a" }, { Key: "env", Value: "dev" }] }));
    expect(seen).toEqual({ op: "CreateUser", input: { UserName: "alice", Path: "/", Tags: [{ Key: "team", Value: "a" }, { Key: "env", Value: "dev" }] } });
    expect(out.User).toEqual({ ...user("alice"), Tags: [{ Key: "team", Value: "a" }, { Key: "env", Value: "dev" }] });
  });

  it("types numbers and writes member-wrapped lists and booleans", async () => {
    const out = await ctx.client(IAMClient).send(new ListUsersCommand({ MaxItems: 10, PathPrefix: "/" }));
    expect(seen).toEqual({ op: "ListUsers", input: { MaxItems: 10, PathPrefix: "/" } });
    expect(out.Users?.map((u) => u.UserName)).toEqual(["a", "b"]);
    expect(out.Users?.[0]?.CreateDate).toEqual(created);
    expect(out.IsTruncated).toBe(true);
    expect(out.Marker).toBe("m2");
  });

  it("reads an empty list as an empty list", async () => {
    await ctx.client(IAMClient).send(new TagUserCommand({ UserName: "alice", Tags: [] }));
    expect(seen).toEqual({ op: "TagUser", input: { UserName: "alice", Tags: [] } });
  });

  it("answers errors the SDK parses, and validation in the service's style before the handler", async () => {
    await expectAwsError(ctx.client(IAMClient).send(new GetUserCommand({ UserName: "nobody" })), { name: "NoSuchEntityException", status: 404, message: "The user with name nobody cannot be found." });
    seen = undefined;
    await expectAwsError(ctx.client(IAMClient).send(new CreateUserCommand({ UserName: "bad name!" })), {
      name: "ValidationError",
      status: 400,
      message: "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    });
    expect(seen).toBeUndefined();
  });

  it("reads and writes maps as entry lists", async () => {
    const out = await ctx.client(SNSClient).send(new CreateTopicCommand({ Name: "t1", Attributes: { DisplayName: "d", FifoTopic: "false" }, Tags: [{ Key: "k", Value: "v" }] }));
    expect(seen).toEqual({ op: "CreateTopic", input: { Name: "t1", Attributes: { DisplayName: "d", FifoTopic: "false" }, Tags: [{ Key: "k", Value: "v" }] } });
    expect(out.TopicArn).toBe("arn:aws:sns:us-east-1:000000000000:t1");
    const attrs = await ctx.client(SNSClient).send(new GetTopicAttributesCommand({ TopicArn: out.TopicArn }));
    expect(attrs.Attributes).toEqual({ DisplayName: "d", Policy: '{"a":"<b>&"}' });
  });
});
