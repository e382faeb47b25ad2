import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const ACCOUNT = "000000000000";
const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const readTable = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: "arn:aws:dynamodb:*:*:table/t" }] });

describe("IAM roles", () => {
  it("creates, gets, lists and deletes a role; documents come back URL-encoded", async () => {
    const iam = ctx.client(IAMClient);
    const name = uniqueName("app");
    const created = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust, Description: "d", Path: "/service/" }));
    expect(created.Role).toMatchObject({ RoleName: name, Path: "/service/", Arn: `arn:aws:iam::${ACCOUNT}:role/service/${name}`, MaxSessionDuration: 3600, Description: "d" });
    expect(created.Role!.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    const got = await iam.send(new GetRoleCommand({ RoleName: name }));
    expect(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!)).toBe(trust);
    const listed = await iam.send(new ListRolesCommand({}));
    expect(listed.Roles!.map((r) => r.RoleName)).toContain(name);
    await expectAwsError(iam.send(new CreateRoleCommand({ RoleName: name.toUpperCase(), AssumeRolePolicyDocument: trust })), {
      name: "EntityAlreadyExistsException",
      status: 409,
      message: `Role with name ${name.toUpperCase()} already exists.`,
    });
    await iam.send(new DeleteRoleCommand({ RoleName: name }));
    await expectAwsError(iam.send(new GetRoleCommand({ RoleName: name })), { name: "NoSuchEntityException", status: 404, message: `The role with name ${name} cannot be found.` });
  });

  it("refuses malformed trust and identity policies", async () => {
    const iam = ctx.client(IAMClient);
    await expectAwsError(iam.send(new CreateRoleCommand({ RoleName: uniqueName("bad"), AssumeRolePolicyDocument: "{not json" })), {
      name: "MalformedPolicyDocumentException",
      status: 400,
      message: "This policy contains invalid Json",
    });
    await expectAwsError(iam.send(new CreateRoleCommand({ RoleName: uniqueName("bad"), AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] }) })), {
      name: "MalformedPolicyDocumentException",
      message: "Missing required field Principal",
    });
    const name = uniqueName("ok");
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
    await expectAwsError(iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "p", PolicyDocument: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject" }] }) })), {
      name: "MalformedPolicyDocumentException",
      message: "Policy statement must contain resources.",
    });
    await expectAwsError(iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "p", PolicyDocument: JSON.stringify({ Statement: [{ Effect: "Maybe", Action: "s3:GetObject", Resource: "*" }] }) })), {
      name: "MalformedPolicyDocumentException",
      message: "Invalid effect: Maybe",
    });
    await expectAwsError(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: "[]" })), { name: "MalformedPolicyDocumentException", message: "Syntax errors in policy." });
    await expectAwsError(iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "p", PolicyDocument: JSON.stringify({ Statement: [{ Sid: "no spaces", Effect: "Allow", Action: "s3:*", Resource: "*" }] }) })), {
      name: "MalformedPolicyDocumentException",
      message: /^Statement IDs \(SID\) must be alpha-numeric/,
    });
  });

  it("keeps inline policies, and a role with policies cannot be deleted", async () => {
    const iam = ctx.client(IAMClient);
    const name = uniqueName("inline");
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: "read", PolicyDocument: readTable }));
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames).toEqual(["read"]);
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: "read" }));
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(readTable);
    await expectAwsError(iam.send(new DeleteRoleCommand({ RoleName: name })), { name: "DeleteConflictException", status: 409, message: "Cannot delete entity, must delete policies first." });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: "read" }));
    await expectAwsError(iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: "read" })), { name: "NoSuchEntityException", message: "The role policy with name read cannot be found." });
    await iam.send(new DeleteRoleCommand({ RoleName: name }));
  });

  it("manages policies with versions and attachments", async () => {
    const iam = ctx.client(IAMClient);
    const role = uniqueName("attached");
    await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trust }));
    const policyName = uniqueName("pol");
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: policyName, PolicyDocument: readTable }));
    const arn = created.Policy!.Arn!;
    expect(created.Policy).toMatchObject({ Arn: `arn:aws:iam::${ACCOUNT}:policy/${policyName}`, DefaultVersionId: "v1", AttachmentCount: 0, IsAttachable: true });
    const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readTable.replace("Query", "Scan"), SetAsDefault: true }));
    expect(v2.PolicyVersion).toMatchObject({ VersionId: "v2", IsDefaultVersion: true });
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: "v1" }));
    expect(version.PolicyVersion).toMatchObject({ VersionId: "v1", IsDefaultVersion: false });
    expect(decodeURIComponent(version.PolicyVersion!.Document!)).toBe(readTable);
    await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }));
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
    expect(attached.AttachedPolicies).toContainEqual({ PolicyName: policyName, PolicyArn: arn });
    expect(attached.AttachedPolicies).toContainEqual({ PolicyName: "AWSLambdaBasicExecutionRole", PolicyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" });
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy).toMatchObject({ AttachmentCount: 1, DefaultVersionId: "v2" });
    const local = await iam.send(new ListPoliciesCommand({ Scope: "Local", OnlyAttached: true }));
    expect(local.Policies!.map((p) => p.Arn)).toContain(arn);
    await expectAwsError(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), { name: "DeleteConflictException", status: 409 });
    await expectAwsError(iam.send(new DeleteRoleCommand({ RoleName: role })), { name: "DeleteConflictException", message: "Cannot delete entity, must detach all policies first." });
    await iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: arn }));
    await expectAwsError(iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: arn })), { name: "NoSuchEntityException", status: 404 });
    const missing = `arn:aws:iam::${ACCOUNT}:policy/none`;
    await expectAwsError(iam.send(new GetPolicyCommand({ PolicyArn: missing })), { name: "NoSuchEntityException", message: `Policy ${missing} does not exist or is not attachable.` });
  });

  it("creates users, refusing duplicates", async () => {
    const iam = ctx.client(IAMClient);
    const name = uniqueName("user");
    const out = await iam.send(new CreateUserCommand({ UserName: name }));
    expect(out.User).toMatchObject({ UserName: name, Path: "/", Arn: `arn:aws:iam::${ACCOUNT}:user/${name}` });
    expect(out.User!.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    await expectAwsError(iam.send(new CreateUserCommand({ UserName: name })), { name: "EntityAlreadyExistsException", status: 409, message: `User with name ${name} already exists.` });
  });
});

describe("IAM limits and boundaries", () => {
  it("refuses documents past IAM's size quotas, counting without whitespace", async () => {
    const iam = ctx.client(IAMClient);
    const padded = (n: number): string => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "a".repeat(n), Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] });
    await expectAwsError(iam.send(new CreateRoleCommand({ RoleName: uniqueName("big"), AssumeRolePolicyDocument: padded(2048) })), {
      name: "LimitExceededException",
      status: 409,
      message: "Cannot exceed quota for ACLSizePerRole: 2048",
    });
    const spaced = JSON.stringify(JSON.parse(padded(1800)), null, 8);
    expect(spaced.length).toBeGreaterThan(2048);
    await iam.send(new CreateRoleCommand({ RoleName: uniqueName("spaced"), AssumeRolePolicyDocument: spaced }));
    const big = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "b".repeat(6200), Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
    await expectAwsError(iam.send(new CreatePolicyCommand({ PolicyName: uniqueName("big"), PolicyDocument: big })), { name: "LimitExceededException", message: "Cannot exceed quota for PolicySize: 6144" });
    const role = uniqueName("inline");
    await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trust }));
    const half = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "c".repeat(5100), Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
    await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: "one", PolicyDocument: half }));
    await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: "one", PolicyDocument: half }));
    await expectAwsError(iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: "two", PolicyDocument: half })), {
      name: "LimitExceededException",
      message: `Maximum policy size of 10240 bytes exceeded for role ${role}`,
    });
  });

  it("puts and deletes a role's permissions boundary", async () => {
    const iam = ctx.client(IAMClient);
    const role = uniqueName("bounded");
    await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trust }));
    const boundary = "arn:aws:iam::aws:policy/PowerUserAccess";
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: role, PermissionsBoundary: boundary }));
    expect((await iam.send(new GetRoleCommand({ RoleName: role }))).Role!.PermissionsBoundary).toEqual({ PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: boundary });
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: role }));
    expect((await iam.send(new GetRoleCommand({ RoleName: role }))).Role!.PermissionsBoundary).toBeUndefined();
    const missing = `arn:aws:iam::${ACCOUNT}:policy/none`;
    await expectAwsError(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: role, PermissionsBoundary: missing })), { name: "NoSuchEntityException", status: 404 });
  });
});
