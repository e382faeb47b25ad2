/**
 * IAM groups: membership, inline and attached group policies, and their part in an IAM user's
 * decisions under `--enforce-iam on` (an Allow in a group policy allows, an explicit Deny in one denies).
 */
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeletePolicyCommand,
  DetachGroupPolicyCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
} from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer({ enforceIam: "on" });
const doc = (effect: "Allow" | "Deny", action: string): string => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: effect, Action: action, Resource: "*" }] });

describe("IAM groups", () => {
  it("manages groups, members and group policies with IAM's errors", async () => {
    const iam = ctx.client(IAMClient);
    const group = uniqueName("devs");
    const user = uniqueName("dev");
    const created = await iam.send(new CreateGroupCommand({ GroupName: group, Path: "/team/" }));
    expect(created.Group).toMatchObject({ GroupName: group, Path: "/team/", Arn: `arn:aws:iam::000000000000:group/team/${group}` });
    expect(created.Group!.GroupId).toMatch(/^AGPA[A-Z0-9]{17}$/);
    await expectAwsError(iam.send(new CreateGroupCommand({ GroupName: group.toUpperCase() })), { name: "EntityAlreadyExistsException", status: 409, message: `Group with name ${group.toUpperCase()} already exists.` });
    await expectAwsError(iam.send(new GetGroupCommand({ GroupName: "nobody-here" })), { name: "NoSuchEntityException", status: 404, message: "The group with name nobody-here cannot be found." });
    await iam.send(new CreateUserCommand({ UserName: user }));
    await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: user }));
    expect((await iam.send(new GetGroupCommand({ GroupName: group }))).Users?.map((u) => u.UserName)).toEqual([user]);
    expect((await iam.send(new ListGroupsForUserCommand({ UserName: user }))).Groups?.map((g) => g.GroupName)).toEqual([group]);
    await iam.send(new PutGroupPolicyCommand({ GroupName: group, PolicyName: "read", PolicyDocument: doc("Allow", "dynamodb:ListTables") }));
    expect((await iam.send(new ListGroupPoliciesCommand({ GroupName: group }))).PolicyNames).toEqual(["read"]);
    expect(decodeURIComponent((await iam.send(new GetGroupPolicyCommand({ GroupName: group, PolicyName: "read" }))).PolicyDocument!)).toBe(doc("Allow", "dynamodb:ListTables"));
    await expectAwsError(iam.send(new DeleteGroupCommand({ GroupName: group })), { name: "DeleteConflictException", status: 409, message: "Cannot delete entity, must remove users from group first." });
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: group, UserName: user }));
    await expectAwsError(iam.send(new DeleteGroupCommand({ GroupName: group })), { name: "DeleteConflictException", message: "Cannot delete entity, must delete policies first." });
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: group, PolicyName: "read" }));
    await expectAwsError(iam.send(new DeleteGroupPolicyCommand({ GroupName: group, PolicyName: "read" })), { name: "NoSuchEntityException", message: "The group policy with name read cannot be found." });
    await iam.send(new DeleteGroupCommand({ GroupName: group }));
  });

  it("a user's groups' policies allow and deny its requests", async () => {
    const iam = ctx.client(IAMClient);
    const group = uniqueName("readers");
    const user = uniqueName("reader");
    await iam.send(new CreateUserCommand({ UserName: user }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    const ddb = ctx.client(DynamoDBClient, { credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
    const denied = (reason: string): RegExp => new RegExp(`^User: arn:aws:iam::000000000000:user/${user} is not authorized to perform: dynamodb:ListTables on resource: \\* ${reason}$`);
    await expectAwsError(ddb.send(new ListTablesCommand({})), { name: "AccessDeniedException", message: denied("because no identity-based policy allows the dynamodb:ListTables action") });

    await iam.send(new CreateGroupCommand({ GroupName: group }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: group, PolicyName: "list", PolicyDocument: doc("Allow", "dynamodb:ListTables") }));
    // Not a member yet: the group's policy is not the user's.
    await expectAwsError(ddb.send(new ListTablesCommand({})), { name: "AccessDeniedException" });
    await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: user }));
    await ddb.send(new ListTablesCommand({}));

    const deny = (await iam.send(new CreatePolicyCommand({ PolicyName: uniqueName("no-list"), PolicyDocument: doc("Deny", "dynamodb:List*") }))).Policy!.Arn!;
    await iam.send(new AttachGroupPolicyCommand({ GroupName: group, PolicyArn: deny }));
    expect((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: group }))).AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([deny]);
    await expectAwsError(ddb.send(new ListTablesCommand({})), { name: "AccessDeniedException", status: 400, message: denied("with an explicit deny in an identity-based policy") });
    await expectAwsError(iam.send(new DeletePolicyCommand({ PolicyArn: deny })), { name: "DeleteConflictException", status: 409, message: "Cannot delete a policy attached to entities." });
    await iam.send(new DetachGroupPolicyCommand({ GroupName: group, PolicyArn: deny }));
    await ddb.send(new ListTablesCommand({}));

    await iam.send(new RemoveUserFromGroupCommand({ GroupName: group, UserName: user }));
    await expectAwsError(ddb.send(new ListTablesCommand({})), { name: "AccessDeniedException" });
  });
});
