import { CognitoIdentityClient, GetIdCommand } from "@aws-sdk/client-cognito-identity";
import { CreateTableCommand, DynamoDBClient, GetItemCommand, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { CreateAccessKeyCommand, CreateRoleCommand, DeleteAccessKeyCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { ConfirmSubscriptionCommand, SNSClient } from "@aws-sdk/client-sns";
import { ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { stripSignature } from "./enforce-helpers.js";

const ctx = useServer({ enforceIam: "strict" });
const root = { accessKeyId: "000000000000", secretAccessKey: "anything" };

describe("--enforce-iam strict", () => {
  it("refuses keys local-aws did not issue with each service's unknown-key error", async () => {
    const invalid = "The security token included in the request is invalid.";
    await expectAwsError(ctx.client(DynamoDBClient).send(new ListTablesCommand({})), { name: "UnrecognizedClientException", status: 400, message: invalid });
    await expectAwsError(ctx.client(SQSClient).send(new ListQueuesCommand({})), { status: 400, message: invalid });
    await expectAwsError(ctx.client(S3Client).send(new ListBucketsCommand({})), {
      name: "InvalidAccessKeyId",
      status: 403,
      message: "The AWS Access Key Id you provided does not exist in our records.",
    });
    await expectAwsError(ctx.client(IAMClient).send(new CreateRoleCommand({ RoleName: "x", AssumeRolePolicyDocument: "{}" })), { name: "InvalidClientTokenId", status: 403, message: invalid });
  });

  it("accepts the account's own 12-digit key as its root, and the credentials it issues", async () => {
    await ctx.client(DynamoDBClient, { credentials: root }).send(new CreateTableCommand({ TableName: uniqueName("t"), KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
    const iam = ctx.client(IAMClient, { credentials: root });
    const role = uniqueName("reader");
    const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "sts:AssumeRole" }] };
    await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: "list", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:ListTables", Resource: "*" }] }) }));
    const out = await ctx.client(STSClient, { credentials: root }).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::000000000000:role/${role}`, RoleSessionName: "sess" }));
    const credentials = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    const tables = await ctx.client(DynamoDBClient, { credentials }).send(new ListTablesCommand({}));
    expect(tables.TableNames?.length).toBeGreaterThan(0);
    const who = await ctx.client(STSClient, { credentials }).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${role}/sess`);
    await expectAwsError(ctx.client(SQSClient, { credentials }).send(new ListQueuesCommand({})), { status: 403, message: /is not authorized to perform: sqs:listqueues on resource: \* because no identity-based policy allows the sqs:listqueues action$/ });
  });

  describe("unsigned requests", () => {
    const unsigned = <T extends object>(client: T): T => {
      stripSignature(client as never);
      return client;
    };

    it("are refused with each service's missing-authentication error, before the input is read", async () => {
      await expectAwsError(unsigned(ctx.client(DynamoDBClient)).send(new ListTablesCommand({})), { name: "MissingAuthenticationTokenException", status: 400, message: "Request is missing Authentication Token" });
      // Malformed as well: authentication comes first.
      await expectAwsError(unsigned(ctx.client(DynamoDBClient)).send(new GetItemCommand({ TableName: "t", Key: {} })), { name: "MissingAuthenticationTokenException", status: 400 });
      await expectAwsError(unsigned(ctx.client(SQSClient)).send(new ListQueuesCommand({})), { name: "MissingAuthenticationToken", status: 400, message: "Request is missing Authentication Token" });
      await expectAwsError(unsigned(ctx.client(LambdaClient)).send(new ListFunctionsCommand({})), { name: "MissingAuthenticationTokenException", status: 403, message: "Missing Authentication Token" });
      await expectAwsError(unsigned(ctx.client(STSClient)).send(new GetCallerIdentityCommand({})), { name: "MissingAuthenticationToken", status: 403, message: "Request is missing Authentication Token" });
      await expectAwsError(unsigned(ctx.client(S3Client)).send(new ListBucketsCommand({})), { name: "AccessDenied", status: 403, message: "Access Denied" });
    });

    it("still reach the operations AWS serves unsigned", async () => {
      // Each fails on its own terms (no such pool, a token that is not a JWT), not for the missing signature.
      await expectAwsError(unsigned(ctx.client(CognitoIdentityClient)).send(new GetIdCommand({ IdentityPoolId: "us-east-1:00000000-0000-0000-0000-000000000000" })), { name: "ResourceNotFoundException" });
      await expectAwsError(
        unsigned(ctx.client(STSClient)).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: "arn:aws:iam::000000000000:role/none", RoleSessionName: "web", WebIdentityToken: "not-a-jwt-token" })),
        { name: "InvalidIdentityTokenException" },
      );
      // SNS's subscription links are opened by subscribers without credentials.
      await expectAwsError(unsigned(ctx.client(SNSClient)).send(new ConfirmSubscriptionCommand({ TopicArn: "arn:aws:sns:us-east-1:000000000000:none", Token: "0123456789abcdef" })), { name: "NotFoundException" });
    });
  });

  it("refuses an IAM user's access key once it is made inactive or deleted, and takes it back when active again", async () => {
    const iam = ctx.client(IAMClient, { credentials: root });
    const user = uniqueName("user");
    await iam.send(new CreateUserCommand({ UserName: user }));
    await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: "list", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:ListTables", Resource: "*" }] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    const ddb = ctx.client(DynamoDBClient, { credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
    await ddb.send(new ListTablesCommand({}));
    await iam.send(new UpdateAccessKeyCommand({ UserName: user, AccessKeyId: key.AccessKeyId!, Status: "Inactive" }));
    await expectAwsError(ddb.send(new ListTablesCommand({})), { name: "UnrecognizedClientException", status: 400, message: "The security token included in the request is invalid." });
    await iam.send(new UpdateAccessKeyCommand({ UserName: user, AccessKeyId: key.AccessKeyId!, Status: "Active" }));
    await ddb.send(new ListTablesCommand({}));
    await iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: key.AccessKeyId! }));
    await expectAwsError(ddb.send(new ListTablesCommand({})), { name: "UnrecognizedClientException", status: 400 });
    await expectAwsError(iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: key.AccessKeyId! })), { name: "NoSuchEntityException", status: 404, message: `The Access Key with id ${key.AccessKeyId} cannot be found.` });
  });
});
