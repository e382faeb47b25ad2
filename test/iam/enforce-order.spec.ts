/**
 * `--enforce-iam on`: a request is authenticated before its input is read, as AWS does — a
 * malformed request with a bad signature (or expired credentials) gets the signature's error, not
 * the validation error; a correctly signed malformed request gets the validation error, and is
 * validated before it is authorized (the action's resource comes from the input).
 */
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { beforeAll, describe, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { roleSession, tamperSignature, type IssuedCredentials } from "./enforce-helpers.js";

const ctx = useServer({ enforceIam: "on" });
const mismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
let reader: IssuedCredentials;
let nobody: IssuedCredentials;

beforeAll(async () => {
  reader = await roleSession(ctx, { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem", "iam:CreateRole", "sqs:SendMessage"], Resource: "*" }] });
  nobody = await roleSession(ctx, { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] });
});

function tampered<T extends { middlewareStack: never }>(client: T): T {
  tamperSignature(client as never);
  return client;
}

describe("authentication comes before validation", () => {
  it("DynamoDB: a malformed GetItem with a bad signature gets InvalidSignatureException", async () => {
    const ddb = tampered(ctx.client(DynamoDBClient, { credentials: reader }) as never) as DynamoDBClient;
    await expectAwsError(ddb.send(new GetItemCommand({ TableName: "t", Key: {} })), { name: "InvalidSignatureException", status: 400, message: mismatch });
  });

  it("DynamoDB: the same request correctly signed gets the validation error", async () => {
    await expectAwsError(ctx.client(DynamoDBClient, { credentials: reader }).send(new GetItemCommand({ TableName: "t", Key: {} })), {
      name: "ValidationException",
      status: 400,
      message: /Value 't' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3/,
    });
  });

  it("a principal without the permission still gets the validation error for a malformed request (authorization needs the input)", async () => {
    await expectAwsError(ctx.client(DynamoDBClient, { credentials: nobody }).send(new GetItemCommand({ TableName: "t", Key: {} })), { name: "ValidationException", status: 400 });
  });

  it("IAM (Query): a malformed CreateRole with a bad signature gets SignatureDoesNotMatch", async () => {
    const iam = tampered(ctx.client(IAMClient, { credentials: reader }) as never) as IAMClient;
    await expectAwsError(iam.send(new CreateRoleCommand({ RoleName: "", AssumeRolePolicyDocument: "" })), { name: "SignatureDoesNotMatch", status: 403, message: mismatch });
    await expectAwsError(ctx.client(IAMClient, { credentials: reader }).send(new CreateRoleCommand({ RoleName: "", AssumeRolePolicyDocument: "" })), { name: "ValidationError", status: 400 });
  });

  it("SQS (JSON): a SendMessage without its required members and a bad signature gets the signature error", async () => {
    const sqs = tampered(ctx.client(SQSClient, { credentials: reader }) as never) as SQSClient;
    await expectAwsError(sqs.send(new SendMessageCommand({ QueueUrl: undefined as never, MessageBody: undefined as never })), { status: 400, message: mismatch });
  });

  // Last: moving the clock an hour expires every session of this file.
  it("expired credentials are refused before the input is read", async () => {
    const session = await roleSession(ctx, { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:GetItem", Resource: "*" }] });
    await ctx.clock.advance(3_600_000);
    await expectAwsError(ctx.client(DynamoDBClient, { credentials: session }).send(new GetItemCommand({ TableName: "t", Key: {} })), {
      name: "ExpiredTokenException",
      status: 400,
      message: "The security token included in the request is expired",
    });
  });
});
