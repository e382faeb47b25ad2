import { AddPermissionCommand, GetQueueAttributesCommand, RemovePermissionCommand, SetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { arnOf, newQueue } from "./helpers.js";

const ctx = useServer();
const sqs = () => ctx.client(SQSClient);

async function policyOf(url: string): Promise<Record<string, unknown> | undefined> {
  const { Attributes } = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["Policy"] }));
  return Attributes?.Policy === undefined ? undefined : (JSON.parse(Attributes.Policy) as Record<string, unknown>);
}

describe("validation", () => {
  it("rejects more than seven actions", async () => {
    const url = await newQueue(sqs());
    const actions = ["SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl", "PurgeQueue", "ListQueueTags"];
    await expectAwsError(sqs().send(new AddPermissionCommand({ QueueUrl: url, Label: "many", AWSAccountIds: ["111122223333"], Actions: actions })), {
      name: "OverLimit",
      status: 403,
      message: "8 Actions were found, maximum allowed is 7.",
    });
  });

  it("rejects an action that cannot be shared", async () => {
    const url = await newQueue(sqs());
    await expectAwsError(sqs().send(new AddPermissionCommand({ QueueUrl: url, Label: "bad", AWSAccountIds: ["111122223333"], Actions: ["DeleteQueue"] })), {
      name: "InvalidParameterValue",
      status: 400,
      message: "Value SQS:DeleteQueue for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions.",
    });
  });

  it("requires a label", async () => {
    const url = await newQueue(sqs());
    await expectAwsError(sqs().send(new RemovePermissionCommand({ QueueUrl: url, Label: "" })), {
      name: "MissingParameter",
      status: 400,
      message: "The request must contain the parameter Label.",
    });
  });
});

describe("errors", () => {
  it("refuses a label that already exists", async () => {
    const url = await newQueue(sqs());
    await sqs().send(new AddPermissionCommand({ QueueUrl: url, Label: "dup", AWSAccountIds: ["111122223333"], Actions: ["SendMessage"] }));
    await expectAwsError(sqs().send(new AddPermissionCommand({ QueueUrl: url, Label: "dup", AWSAccountIds: ["111122223333"], Actions: ["ReceiveMessage"] })), {
      name: "InvalidParameterValue",
      status: 400,
      message: "Value dup for parameter Label is invalid. Reason: Already exists.",
    });
  });

  it("refuses to remove a label the policy does not have", async () => {
    const url = await newQueue(sqs());
    await expectAwsError(sqs().send(new RemovePermissionCommand({ QueueUrl: url, Label: "nope" })), {
      name: "InvalidParameterValue",
      status: 400,
      message: "Value nope for parameter Label is invalid. Reason: can't find label on existing policy.",
    });
  });

  it("answers QueueDoesNotExist for a missing queue", async () => {
    const url = (await newQueue(sqs())).replace(/[^/]+$/, "missing-queue");
    await expectAwsError(sqs().send(new AddPermissionCommand({ QueueUrl: url, Label: "x", AWSAccountIds: ["111122223333"], Actions: ["*"] })), {
      name: "QueueDoesNotExist",
      status: 400,
      message: "The specified queue does not exist.",
    });
  });
});

describe("behaviour", () => {
  it("writes the statement into the queue's Policy attribute as AWS generates it", async () => {
    const url = await newQueue(sqs());
    const arn = arnOf(url);
    await sqs().send(new AddPermissionCommand({ QueueUrl: url, Label: "AliceSend", AWSAccountIds: ["111122223333"], Actions: ["SendMessage"] }));
    await sqs().send(new AddPermissionCommand({ QueueUrl: url, Label: "Both", AWSAccountIds: ["111122223333", "444455556666"], Actions: ["ReceiveMessage", "*"] }));
    expect(await policyOf(url)).toEqual({
      Version: "2012-10-17",
      Id: `${arn}/SQSDefaultPolicy`,
      Statement: [
        { Sid: "AliceSend", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "SQS:SendMessage", Resource: arn },
        { Sid: "Both", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"] }, Action: ["SQS:ReceiveMessage", "SQS:*"], Resource: arn },
      ],
    });
  });

  it("removes one labelled statement, and the Policy attribute with the last one", async () => {
    const url = await newQueue(sqs());
    await sqs().send(new AddPermissionCommand({ QueueUrl: url, Label: "one", AWSAccountIds: ["111122223333"], Actions: ["SendMessage"] }));
    await sqs().send(new AddPermissionCommand({ QueueUrl: url, Label: "two", AWSAccountIds: ["111122223333"], Actions: ["DeleteMessage"] }));
    await sqs().send(new RemovePermissionCommand({ QueueUrl: url, Label: "one" }));
    expect(((await policyOf(url))?.Statement as { Sid: string }[]).map((s) => s.Sid)).toEqual(["two"]);
    await sqs().send(new RemovePermissionCommand({ QueueUrl: url, Label: "two" }));
    expect(await policyOf(url)).toBeUndefined();
  });

  it("adds to a policy set with SetQueueAttributes, keeping its statements", async () => {
    const url = await newQueue(sqs());
    const own = { Version: "2012-10-17", Id: "mine", Statement: [{ Sid: "Own", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: arnOf(url) }] };
    await sqs().send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify(own) } }));
    await sqs().send(new AddPermissionCommand({ QueueUrl: url, Label: "Added", AWSAccountIds: ["111122223333"], Actions: ["GetQueueAttributes"] }));
    const policy = await policyOf(url);
    expect(policy?.Id).toBe("mine");
    expect((policy?.Statement as { Sid: string }[]).map((s) => s.Sid)).toEqual(["Own", "Added"]);
  });
});
