import { CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, DeleteRolePermissionsBoundaryCommand, IAMClient, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { Sha256 } from "@aws-crypto/sha256-js";
import { CreateFunctionUrlConfigCommand, GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateTopicCommand, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { CreateQueueCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { SignatureV4 } from "@smithy/signature-v4";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, rawRequest, uniqueName, useServer, type RawResponse } from "../helpers/index.js";
import { createFn } from "../runtime/fixtures.js";
import { tamperSignature, type IssuedCredentials } from "./enforce-helpers.js";

const ctx = useServer({ enforceIam: "on" });
const bucket = uniqueName("files");
const role = uniqueName("app");
const names = { own: uniqueName("own"), other: uniqueName("other"), topic: uniqueName("topic"), otherTopic: uniqueName("topic2") };
let ownQueueUrl: string;
let otherQueueUrl: string;
let creds: IssuedCredentials;
const session = "worker";
const caller = (): string => `arn:aws:sts::000000000000:assumed-role/${role}/${session}`;
const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "sts:AssumeRole" }] };
const policy = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::${bucket}/own/*` },
    { Effect: "Allow", Action: "s3:ListBucket", Resource: `arn:aws:s3:::${bucket}`, Condition: { StringLike: { "s3:prefix": "own/*" } } },
    { Effect: "Allow", Action: ["sqs:SendMessage", "sns:Publish"], Resource: [`arn:aws:sqs:us-east-1:000000000000:${names.own}`, `arn:aws:sns:us-east-1:000000000000:${names.topic}`] },
  ],
};

async function assume(extra: { Policy?: string } = {}): Promise<IssuedCredentials> {
  const out = await ctx.client(STSClient).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::000000000000:role/${role}`, RoleSessionName: session, ...extra }));
  return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
}

beforeAll(async () => {
  const iam = ctx.client(IAMClient);
  await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: "app", PolicyDocument: JSON.stringify(policy) }));
  const sqs = ctx.client(SQSClient);
  ownQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: names.own }))).QueueUrl!;
  otherQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: names.other }))).QueueUrl!;
  const sns = ctx.client(SNSClient);
  await sns.send(new CreateTopicCommand({ Name: names.topic }));
  await sns.send(new CreateTopicCommand({ Name: names.otherTopic }));
  creds = await assume();
});

describe("--enforce-iam on: each protocol's denial", () => {
  it("S3: allowed objects and listings pass; others are 403 AccessDenied with the resource quoted", async () => {
    await ctx.client(S3Client).send(new CreateBucketCommand({ Bucket: bucket }));
    const s3 = ctx.client(S3Client, { credentials: creds });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "own/a.txt", Body: "hello" }));
    expect(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "own/a.txt" }))).Body!.transformToString()).toBe("hello");
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "own/" }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(["own/a.txt"]);
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "other/b.txt" })), {
      name: "AccessDenied",
      status: 403,
      message: `User: ${caller()} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${bucket}/other/b.txt" because no identity-based policy allows the s3:GetObject action`,
    });
    await expectAwsError(s3.send(new ListObjectsV2Command({ Bucket: bucket })), {
      name: "AccessDenied",
      message: `User: ${caller()} is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::${bucket}" because no identity-based policy allows the s3:ListBucket action`,
    });
  });

  it("S3: a presigned URL signed with issued credentials is verified; a tampered one refused", async () => {
    const s3 = ctx.client(S3Client, { credentials: creds });
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "own/a.txt" }), { expiresIn: 300 });
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("hello");
    const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === "0" ? "1" : "0"}`);
    const refused = await fetch(tampered);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    const denied = await fetch(await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: "other/b.txt" }), { expiresIn: 300 }));
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain("<Code>AccessDenied</Code>");
  });

  it("SQS: 403 AccessDenied, the action in lower case as SQS writes it", async () => {
    const sqs = ctx.client(SQSClient, { credentials: creds });
    await sqs.send(new SendMessageCommand({ QueueUrl: ownQueueUrl, MessageBody: "hi" }));
    await expectAwsError(sqs.send(new SendMessageCommand({ QueueUrl: otherQueueUrl, MessageBody: "hi" })), {
      status: 403,
      message: `User: ${caller()} is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:us-east-1:000000000000:${names.other} because no identity-based policy allows the sqs:sendmessage action`,
    });
  });

  it("SNS: 403 AuthorizationError", async () => {
    const sns = ctx.client(SNSClient, { credentials: creds });
    await sns.send(new PublishCommand({ TopicArn: `arn:aws:sns:us-east-1:000000000000:${names.topic}`, Message: "hi" }));
    await expectAwsError(sns.send(new PublishCommand({ TopicArn: `arn:aws:sns:us-east-1:000000000000:${names.otherTopic}`, Message: "hi" })), {
      name: "AuthorizationErrorException",
      status: 403,
      message: `User: ${caller()} is not authorized to perform: SNS:Publish on resource: arn:aws:sns:us-east-1:000000000000:${names.otherTopic} because no identity-based policy allows the SNS:Publish action`,
    });
  });

  it("Lambda: 403 AccessDeniedException", async () => {
    await expectAwsError(ctx.client(LambdaClient, { credentials: creds }).send(new GetFunctionCommand({ FunctionName: "thumbs" })), {
      name: "AccessDeniedException",
      status: 403,
      message: `User: ${caller()} is not authorized to perform: lambda:GetFunction on resource: arn:aws:lambda:us-east-1:000000000000:function:thumbs because no identity-based policy allows the lambda:GetFunction action`,
    });
  });

  it("a tampered signature: SignatureDoesNotMatch for Query and S3, InvalidSignatureException for REST JSON", async () => {
    const sts = ctx.client(STSClient, { credentials: creds });
    tamperSignature(sts as never);
    await expectAwsError(sts.send(new GetCallerIdentityCommand({})), { name: "SignatureDoesNotMatch", status: 403 });
    const s3 = ctx.client(S3Client, { credentials: creds });
    tamperSignature(s3 as never);
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "own/a.txt" })), { name: "SignatureDoesNotMatch", status: 403 });
    const lambda = ctx.client(LambdaClient, { credentials: creds });
    tamperSignature(lambda as never);
    await expectAwsError(lambda.send(new GetFunctionCommand({ FunctionName: "thumbs" })), { name: "InvalidSignatureException", status: 403 });
  });

  it("AssumeRole's session policy scopes the session down", async () => {
    const scoped = await assume({ Policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sns:*", Resource: "*" }] }) });
    await ctx.client(SNSClient, { credentials: scoped }).send(new PublishCommand({ TopicArn: `arn:aws:sns:us-east-1:000000000000:${names.topic}`, Message: "scoped" }));
    await expectAwsError(ctx.client(SQSClient, { credentials: scoped }).send(new SendMessageCommand({ QueueUrl: ownQueueUrl, MessageBody: "hi" })), {
      status: 403,
      message: `User: ${caller()} is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:us-east-1:000000000000:${names.own} because no session policy allows the sqs:sendmessage action`,
    });
  });

  it("a permissions boundary caps the role", async () => {
    const iam = ctx.client(IAMClient);
    const boundary = await iam.send(new CreatePolicyCommand({ PolicyName: uniqueName("boundary"), PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }) }));
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: role, PermissionsBoundary: boundary.Policy!.Arn! }));
    try {
      await expectAwsError(ctx.client(SNSClient, { credentials: creds }).send(new PublishCommand({ TopicArn: `arn:aws:sns:us-east-1:000000000000:${names.topic}`, Message: "hi" })), {
        name: "AuthorizationErrorException",
        message: `User: ${caller()} is not authorized to perform: SNS:Publish on resource: arn:aws:sns:us-east-1:000000000000:${names.topic} because no permissions boundary allows the SNS:Publish action`,
      });
    } finally {
      await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: role }));
    }
    await ctx.client(SNSClient, { credentials: creds }).send(new PublishCommand({ TopicArn: `arn:aws:sns:us-east-1:000000000000:${names.topic}`, Message: "again" }));
  });

  it("an IAM user's access key acts with the user's policies", async () => {
    const iam = ctx.client(IAMClient);
    const user = uniqueName("dev");
    await iam.send(new CreateUserCommand({ UserName: user }));
    await iam.send(new PutUserPolicyCommand({ UserName: user, PolicyName: "send", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sqs:us-east-1:000000000000:${names.own}` }] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey!;
    const sqs = ctx.client(SQSClient, { credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
    await sqs.send(new SendMessageCommand({ QueueUrl: ownQueueUrl, MessageBody: "from a user" }));
    await expectAwsError(sqs.send(new SendMessageCommand({ QueueUrl: otherQueueUrl, MessageBody: "hi" })), {
      status: 403,
      message: `User: arn:aws:iam::000000000000:user/${user} is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:us-east-1:000000000000:${names.other} because no identity-based policy allows the sqs:sendmessage action`,
    });
    const wrong = ctx.client(SQSClient, { credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: "not-the-secret" } });
    // SQS's JSON protocol answers as the other JSON services do.
    await expectAwsError(wrong.send(new SendMessageCommand({ QueueUrl: ownQueueUrl, MessageBody: "hi" })), { name: "InvalidSignatureException", status: 400 });
  });
});

describe("--enforce-iam on: data planes that authenticate with IAM", () => {
  it("a Lambda function URL with AuthType AWS_IAM verifies issued credentials' signature", async () => {
    const lambda = ctx.client(LambdaClient);
    const name = await createFn(lambda, "exports.handler = async () => ({ statusCode: 200, body: 'signed ok' });");
    const created = await lambda.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: "AWS_IAM" }));
    const url = new URL(created.FunctionUrl!);
    const send = async (secretAccessKey: string): Promise<RawResponse> => {
      const signer = new SignatureV4({ service: "lambda", region: "us-east-1", credentials: { ...creds, secretAccessKey }, sha256: Sha256 });
      const signed = await signer.sign({ method: "GET", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/hello", query: {}, headers: { host: url.host } });
      return rawRequest(ctx.endpoint, { method: "GET", path: "/hello", headers: signed.headers });
    };
    const ok = await send(creds.secretAccessKey);
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toBe("signed ok");
    const refused = await send("not-the-secret");
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body.toString())).toEqual({ Message: "Forbidden" });
  });
});
