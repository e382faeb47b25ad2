import {
  AddPermissionCommand,
  CreateAliasCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  DeleteProvisionedConcurrencyConfigCommand,
  GetAliasCommand,
  GetPolicyCommand,
  GetProvisionedConcurrencyConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListAliasesCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  PutProvisionedConcurrencyConfigCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createFn, decode, zipOf } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const v = (n: number): string => `exports.handler = async (e, c) => ({ v: ${n}, version: c.functionVersion, arn: c.invokedFunctionArn, init: process.env.AWS_LAMBDA_INITIALIZATION_TYPE });`;
const arnOf = (name: string): string => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

describe("validation", () => {
  it("rejects an alias name made of digits only", async () => {
    const name = await createFn(lambda(), v(1));
    await expectAwsError(lambda().send(new CreateAliasCommand({ FunctionName: name, Name: "123", FunctionVersion: "$LATEST" })), {
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)",
    });
  });
});

describe("errors", () => {
  it("refuses provisioned concurrency on $LATEST", async () => {
    const name = await createFn(lambda(), v(1));
    await expectAwsError(lambda().send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: "$LATEST", ProvisionedConcurrentExecutions: 1 })), {
      name: "InvalidParameterValueException",
      status: 400,
      message: "Provisioned Concurrency Configs cannot be applied to unpublished function versions.",
    });
  });

  it("answers ResourceNotFoundException for a missing alias, policy or statement", async () => {
    const name = await createFn(lambda(), v(1));
    await expectAwsError(lambda().send(new GetAliasCommand({ FunctionName: name, Name: "prod" })), {
      name: "ResourceNotFoundException",
      status: 404,
      message: `Cannot find alias arn: ${arnOf(name)}:prod`,
    });
    await expectAwsError(lambda().send(new GetPolicyCommand({ FunctionName: name })), { name: "ResourceNotFoundException", status: 404, message: "The resource you requested does not exist." });
    await expectAwsError(lambda().send(new RemovePermissionCommand({ FunctionName: name, StatementId: "nope" })), {
      name: "ResourceNotFoundException",
      status: 404,
      message: "Statement sid is not found in resource policy.",
    });
  });

  it("refuses a duplicate statement id", async () => {
    const name = await createFn(lambda(), v(1));
    await lambda().send(new AddPermissionCommand({ FunctionName: name, StatementId: "s3", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com" }));
    await expectAwsError(lambda().send(new AddPermissionCommand({ FunctionName: name, StatementId: "s3", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com" })), {
      name: "ResourceConflictException",
      status: 409,
      message: "The statement id (sid) provided already exists. Please specify a new statement id, or remove the existing statement.",
    });
  });
});

describe("behaviour", () => {
  it("publishes versions that keep their code and invokes them by version and alias", async () => {
    const name = await createFn(lambda(), v(1));
    const v1 = await lambda().send(new PublishVersionCommand({ FunctionName: name }));
    expect(v1).toMatchObject({ Version: "1", FunctionArn: `${arnOf(name)}:1` });
    await lambda().send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zipOf({ "index.js": v(2) }) }));
    const v2 = await lambda().send(new PublishVersionCommand({ FunctionName: name }));
    expect(v2.Version).toBe("2");
    const versions = await lambda().send(new ListVersionsByFunctionCommand({ FunctionName: name }));
    expect(versions.Versions!.map((x) => x.Version)).toEqual(["$LATEST", "1", "2"]);
    await lambda().send(new CreateAliasCommand({ FunctionName: name, Name: "prod", FunctionVersion: "1" }));
    const byAlias = await lambda().send(new InvokeCommand({ FunctionName: name, Qualifier: "prod" }));
    expect(byAlias.ExecutedVersion).toBe("1");
    expect(decode(byAlias.Payload)).toMatchObject({ v: 1, version: "1", arn: `${arnOf(name)}:prod` });
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: `${name}:2` }))).Payload)).toMatchObject({ v: 2, version: "2" });
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toMatchObject({ v: 2, version: "$LATEST" });
    const updated = await lambda().send(new UpdateAliasCommand({ FunctionName: name, Name: "prod", FunctionVersion: "2" }));
    expect(updated.FunctionVersion).toBe("2");
    expect((await lambda().send(new InvokeCommand({ FunctionName: name, Qualifier: "prod" }))).ExecutedVersion).toBe("2");
    expect((await lambda().send(new ListAliasesCommand({ FunctionName: name }))).Aliases!.map((a) => a.Name)).toEqual(["prod"]);
    await expectAwsError(lambda().send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: "2" })), {
      name: "ResourceConflictException",
      status: 409,
      message: "Unable to delete version because the following aliases reference it: [prod]",
    });
    await lambda().send(new DeleteAliasCommand({ FunctionName: name, Name: "prod" }));
    await lambda().send(new DeleteFunctionCommand({ FunctionName: name, Qualifier: "1" }));
    expect((await lambda().send(new ListVersionsByFunctionCommand({ FunctionName: name }))).Versions!.map((x) => x.Version)).toEqual(["$LATEST", "2"]);
  });

  it("routes an alias's invocations by AdditionalVersionWeights", async () => {
    const name = await createFn(lambda(), v(1));
    await lambda().send(new PublishVersionCommand({ FunctionName: name }));
    await lambda().send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zipOf({ "index.js": v(2) }) }));
    await lambda().send(new PublishVersionCommand({ FunctionName: name }));
    await lambda().send(new CreateAliasCommand({ FunctionName: name, Name: "canary", FunctionVersion: "1", RoutingConfig: { AdditionalVersionWeights: { "2": 1 } } }));
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Qualifier: "canary" }));
    expect(res.ExecutedVersion).toBe("2");
    expect(decode(res.Payload)).toMatchObject({ v: 2, version: "2", arn: `${arnOf(name)}:canary` });
    await lambda().send(new UpdateAliasCommand({ FunctionName: name, Name: "canary", RoutingConfig: { AdditionalVersionWeights: {} } }));
    expect((await lambda().send(new InvokeCommand({ FunctionName: name, Qualifier: "canary" }))).ExecutedVersion).toBe("1");
    await expectAwsError(lambda().send(new UpdateAliasCommand({ FunctionName: name, Name: "canary", RoutingConfig: { AdditionalVersionWeights: { "9": 0.5 } } })), {
      name: "ResourceNotFoundException",
      status: 404,
      message: `Function not found: ${arnOf(name)}:9`,
    });
  });

  it("serves provisioned invocations without an init phase; beyond N they start cold", async () => {
    const name = await createFn(lambda(), `exports.handler = async (e) => { await new Promise(r => setTimeout(r, e.ms || 0)); return process.env.AWS_LAMBDA_INITIALIZATION_TYPE; };`);
    await lambda().send(new PublishVersionCommand({ FunctionName: name }));
    const put = await lambda().send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: "1", ProvisionedConcurrentExecutions: 1 }));
    expect(put).toMatchObject({ Status: "IN_PROGRESS", RequestedProvisionedConcurrentExecutions: 1 });
    await ctx.aws.settle();
    const got = await lambda().send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: "1" }));
    expect(got).toMatchObject({ Status: "READY", RequestedProvisionedConcurrentExecutions: 1, AllocatedProvisionedConcurrentExecutions: 1, AvailableProvisionedConcurrentExecutions: 1 });
    const warm = await lambda().send(new InvokeCommand({ FunctionName: name, Qualifier: "1", LogType: "Tail" }));
    expect(decode(warm.Payload)).toBe("provisioned-concurrency");
    expect(Buffer.from(warm.LogResult!, "base64").toString()).not.toContain("Init Duration");
    const [a, b] = await Promise.all([1, 2].map(() => lambda().send(new InvokeCommand({ FunctionName: name, Qualifier: "1", LogType: "Tail", Payload: Buffer.from('{"ms":200}') }))));
    const payloads = [decode(a!.Payload), decode(b!.Payload)].sort();
    expect(payloads).toEqual(["on-demand", "provisioned-concurrency"]);
    const logs = [a!, b!].map((r) => Buffer.from(r.LogResult!, "base64").toString());
    expect(logs.filter((l) => l.includes("Init Duration")).length).toBe(1);
    await lambda().send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: "1" }));
    await expectAwsError(lambda().send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: "1" })), {
      name: "ProvisionedConcurrencyConfigNotFoundException",
      status: 404,
    });
  });

  it("adds, reads and removes resource policy statements", async () => {
    const name = await createFn(lambda(), v(1));
    const added = await lambda().send(
      new AddPermissionCommand({ FunctionName: name, StatementId: "s3-invoke", Action: "lambda:InvokeFunction", Principal: "s3.amazonaws.com", SourceArn: "arn:aws:s3:::bucket", SourceAccount: "000000000000" }),
    );
    expect(JSON.parse(added.Statement!)).toEqual({
      Sid: "s3-invoke",
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "lambda:InvokeFunction",
      Resource: arnOf(name),
      Condition: { ArnLike: { "AWS:SourceArn": "arn:aws:s3:::bucket" }, StringEquals: { "AWS:SourceAccount": "000000000000" } },
    });
    const policy = JSON.parse((await lambda().send(new GetPolicyCommand({ FunctionName: name }))).Policy!) as { Version: string; Statement: { Sid: string }[] };
    expect(policy.Version).toBe("2012-10-17");
    expect(policy.Statement.map((s) => s.Sid)).toEqual(["s3-invoke"]);
    await lambda().send(new RemovePermissionCommand({ FunctionName: name, StatementId: "s3-invoke" }));
    await expectAwsError(lambda().send(new GetPolicyCommand({ FunctionName: name })), { name: "ResourceNotFoundException" });
  });

  it("tags and untags a function", async () => {
    const name = await createFn(lambda(), v(1), { Tags: { a: "1" } });
    await lambda().send(new TagResourceCommand({ Resource: arnOf(name), Tags: { b: "2" } }));
    expect((await lambda().send(new ListTagsCommand({ Resource: arnOf(name) }))).Tags).toEqual({ a: "1", b: "2" });
    await lambda().send(new UntagResourceCommand({ Resource: arnOf(name), TagKeys: ["a"] }));
    expect((await lambda().send(new ListTagsCommand({ Resource: arnOf(name) }))).Tags).toEqual({ b: "2" });
  });
});
