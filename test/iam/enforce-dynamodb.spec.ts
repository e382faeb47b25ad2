import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { guestCredentials, identityPool, tamperSignature, userCredentials, type IdentityPoolSetup, type IssuedCredentials } from "./enforce-helpers.js";

const ctx = useServer({ enforceIam: "on" });
const table = uniqueName("notes");
const tableArn = `arn:aws:dynamodb:us-east-1:000000000000:table/${table}`;

// Row-level security as AWS's docs write it: three statements, LeadingKeys fenced to the caller's identity id.
const authPolicy = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Scan"],
      Resource: tableArn,
      Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["${cognito-identity.amazonaws.com:sub}"] } },
    },
    { Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" },
    { Effect: "Deny", Action: "dynamodb:DeleteItem", Resource: tableArn, Condition: { StringEquals: { "dynamodb:ReturnValues": "ALL_OLD" } } },
  ],
};
const guestPolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }] };

let setup: IdentityPoolSetup;
let alice: { identityId: string; credentials: IssuedCredentials };
let bob: { identityId: string; credentials: IssuedCredentials };

const ddb = (credentials: IssuedCredentials): DynamoDBClient => ctx.client(DynamoDBClient, { credentials });
const denied = (action: string, reason: string): string =>
  `User: arn:aws:sts::000000000000:assumed-role/${setup.authRole}/CognitoIdentityCredentials is not authorized to perform: dynamodb:${action} on resource: ${tableArn} ${reason}`;

beforeAll(async () => {
  // The default test credentials are not issued here: they act as the account's root, even under --enforce-iam on.
  await ctx.client(DynamoDBClient).send(
    new CreateTableCommand({ TableName: table, KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }),
  );
  setup = await identityPool(ctx, authPolicy, guestPolicy);
  alice = await userCredentials(ctx, setup, "alice");
  bob = await userCredentials(ctx, setup, "bob");
});

describe("--enforce-iam on: DynamoDB row-level security with dynamodb:LeadingKeys", () => {
  it("lets a user read and write its own identity id's partition", async () => {
    const client = ddb(alice.credentials);
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: alice.identityId }, note: { S: "mine" } } }));
    const got = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: alice.identityId } } }));
    expect(got.Item?.note?.S).toBe("mine");
    await client.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: alice.identityId } }, UpdateExpression: "SET note = :n", ExpressionAttributeValues: { ":n": { S: "edited" } } }));
    const queried = await client.send(new QueryCommand({ TableName: table, KeyConditionExpression: "#p = :p", ExpressionAttributeNames: { "#p": "pk" }, ExpressionAttributeValues: { ":p": { S: alice.identityId } } }));
    expect(queried.Items?.map((i) => i.note?.S)).toEqual(["edited"]);
    await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: alice.identityId } } }));
  });

  it("refuses another user's partition with AWS's AccessDeniedException", async () => {
    await ddb(bob.credentials).send(new PutItemCommand({ TableName: table, Item: { pk: { S: bob.identityId }, note: { S: "bob's" } } }));
    const client = ddb(alice.credentials);
    await expectAwsError(client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: bob.identityId } } })), {
      name: "AccessDeniedException",
      status: 400,
      message: denied("GetItem", "because no identity-based policy allows the dynamodb:GetItem action"),
    });
    await expectAwsError(client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: bob.identityId } } })), {
      name: "AccessDeniedException",
      message: denied("PutItem", "because no identity-based policy allows the dynamodb:PutItem action"),
    });
    await expectAwsError(client.send(new QueryCommand({ TableName: table, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: bob.identityId } } })), { name: "AccessDeniedException" });
  });

  it("refuses `<own id>#x` keys under StringEquals", async () => {
    await expectAwsError(ddb(alice.credentials).send(new PutItemCommand({ TableName: table, Item: { pk: { S: `${alice.identityId}#x` } } })), {
      name: "AccessDeniedException",
      message: denied("PutItem", "because no identity-based policy allows the dynamodb:PutItem action"),
    });
  });

  it("lets a listed Scan through, as AWS does (ForAllValues holds for an absent key)", async () => {
    const scanned = await ddb(alice.credentials).send(new ScanCommand({ TableName: table }));
    expect(scanned.Items?.some((i) => i.pk?.S === bob.identityId)).toBe(true);
  });

  it("lets an explicit Deny win over the Allow", async () => {
    const client = ddb(alice.credentials);
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: alice.identityId } } }));
    await expectAwsError(client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: alice.identityId } }, ReturnValues: "ALL_OLD" })), {
      name: "AccessDeniedException",
      status: 400,
      message: denied("DeleteItem", "with an explicit deny in an identity-based policy"),
    });
  });

  it("keeps guests out of DynamoDB whatever their role allows (AWS's scope-down session policy)", async () => {
    const guest = await guestCredentials(ctx, setup);
    await expectAwsError(ddb(guest.credentials).send(new GetItemCommand({ TableName: table, Key: { pk: { S: guest.identityId } } })), {
      name: "AccessDeniedException",
      message: `User: arn:aws:sts::000000000000:assumed-role/${setup.guestRole}/CognitoIdentityCredentials is not authorized to perform: dynamodb:GetItem on resource: ${tableArn} because no session policy allows the dynamodb:GetItem action`,
    });
  });

  it("refuses a tampered signature, a wrong secret and a missing session token", async () => {
    const tampered = ddb(alice.credentials);
    tamperSignature(tampered as never);
    const mismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    await expectAwsError(tampered.send(new GetItemCommand({ TableName: table, Key: { pk: { S: alice.identityId } } })), { name: "InvalidSignatureException", status: 400, message: mismatch });
    // Another last character (the secret is random: it may already end in "x").
    const secret = alice.credentials.secretAccessKey;
    const wrongSecret = ddb({ ...alice.credentials, secretAccessKey: `${secret.slice(0, -1)}${secret.endsWith("x") ? "y" : "x"}` });
    await expectAwsError(wrongSecret.send(new GetItemCommand({ TableName: table, Key: { pk: { S: alice.identityId } } })), { name: "InvalidSignatureException", message: mismatch });
    const { sessionToken: _omitted, ...noToken } = alice.credentials;
    await expectAwsError(ddb(noToken as IssuedCredentials).send(new GetItemCommand({ TableName: table, Key: { pk: { S: alice.identityId } } })), {
      name: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    });
  });

  it("refuses a request signed more than 15 minutes off the wall clock", async () => {
    const skewed = ctx.client(DynamoDBClient, { credentials: alice.credentials, systemClockOffset: -20 * 60_000 } as never);
    await expectAwsError((skewed as DynamoDBClient).send(new GetItemCommand({ TableName: table, Key: { pk: { S: alice.identityId } } })), {
      name: "InvalidSignatureException",
      status: 400,
      message: /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    });
  });

  it("answers GetCallerIdentity with the assumed role", async () => {
    const who = await ctx.client(STSClient, { credentials: alice.credentials }).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${setup.authRole}/CognitoIdentityCredentials`);
  });

  it("expires credentials after an hour on the server's clock", async () => {
    const fresh = await userCredentials(ctx, setup, "carol");
    await ddb(fresh.credentials).send(new GetItemCommand({ TableName: table, Key: { pk: { S: fresh.identityId } } }));
    await ctx.clock.advance(3_600_000);
    await expectAwsError(ddb(fresh.credentials).send(new GetItemCommand({ TableName: table, Key: { pk: { S: fresh.identityId } } })), {
      name: "ExpiredTokenException",
      status: 400,
      message: "The security token included in the request is expired",
    });
  });
});
