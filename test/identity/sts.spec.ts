import { CognitoIdentityClient, CreateIdentityPoolCommand, GetIdCommand, GetOpenIdTokenCommand } from "@aws-sdk/client-cognito-identity";
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { createRole, identityPoolTrust } from "./helpers.js";

const ctx = useServer();
const ACCOUNT = "000000000000";

function stsWith(creds: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }): STSClient {
  return ctx.client(STSClient, { credentials: { accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken } as never });
}

const accountTrust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }] });

describe("STS", () => {
  it("GetCallerIdentity answers the account's root for keys it did not issue", async () => {
    expect(await ctx.client(STSClient).send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root`, UserId: ACCOUNT });
    const other = ctx.client(STSClient, { credentials: { accessKeyId: "123456789012", secretAccessKey: "x" } });
    expect(await other.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:root" });
  });

  it("AssumeRole issues credentials attributed to the assumed role, for the duration asked", async () => {
    const name = uniqueName("deployer");
    const roleArn = await createRole(ctx, name, accountTrust);
    const now = ctx.clock.now().getTime();
    const out = await ctx.client(STSClient).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "ci", DurationSeconds: 900 }));
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(Math.abs(out.Credentials!.Expiration!.getTime() - (now + 900_000))).toBeLessThan(1000);
    expect(out.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/${name}/ci`);
    expect(out.AssumedRoleUser!.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:ci$/);
    const caller = await stsWith(out.Credentials!).send(new GetCallerIdentityCommand({}));
    const longRole = await ctx.client(IAMClient).send(new CreateRoleCommand({ RoleName: uniqueName("long"), AssumeRolePolicyDocument: accountTrust, MaxSessionDuration: 43200 }));
    await expectAwsError(stsWith(out.Credentials!).send(new AssumeRoleCommand({ RoleArn: longRole.Role!.Arn, RoleSessionName: "chained", DurationSeconds: 7200 })), {
      name: "ValidationError",
      message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    });
    const chained = await stsWith(out.Credentials!).send(new AssumeRoleCommand({ RoleArn: longRole.Role!.Arn, RoleSessionName: "chained" }));
    expect(chained.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/${longRole.Role!.RoleName}/chained`);
    expect(caller).toMatchObject({ Account: ACCOUNT, Arn: out.AssumedRoleUser!.Arn, UserId: out.AssumedRoleUser!.AssumedRoleId });
    await ctx.clock.advance(900_000);
    await expectAwsError(stsWith(out.Credentials!).send(new GetCallerIdentityCommand({})), { name: "ExpiredToken", status: 403 });
  });

  it("AssumeRole is refused for a missing role, an untrusting role and a duration past the role's maximum", async () => {
    const sts = ctx.client(STSClient);
    const missing = `arn:aws:iam::${ACCOUNT}:role/nobody`;
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: "s1" })), {
      name: "AccessDenied",
      status: 403,
      message: `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${missing}`,
    });
    const lambdaOnly = await createRole(ctx, uniqueName("fn"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }));
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: lambdaOnly, RoleSessionName: "s1" })), { name: "AccessDenied", status: 403 });
    const role = await createRole(ctx, uniqueName("short"), accountTrust);
    await expectAwsError(sts.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: "s1", DurationSeconds: 7200 })), {
      name: "ValidationError",
      status: 400,
      message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    });
  });

  it("AssumeRoleWithWebIdentity takes an identity pool's OpenID token, with the trust policy's conditions", async () => {
    const cid = ctx.client(CognitoIdentityClient);
    const pool = await cid.send(new CreateIdentityPoolCommand({ IdentityPoolName: "web", AllowUnauthenticatedIdentities: true }));
    const poolId = pool.IdentityPoolId!;
    const { IdentityId } = await cid.send(new GetIdCommand({ IdentityPoolId: poolId }));
    const { Token } = await cid.send(new GetOpenIdTokenCommand({ IdentityId }));
    const name = uniqueName("web");
    const roleArn = await createRole(ctx, name, identityPoolTrust(poolId, "unauthenticated"));
    const unsigned = new STSClient({ endpoint: ctx.endpoint, region: "us-east-1", maxAttempts: 1, credentials: { accessKeyId: "unused", secretAccessKey: "unused" } });
    const out = await unsigned.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: "web", WebIdentityToken: Token }));
    expect(out).toMatchObject({ SubjectFromWebIdentityToken: IdentityId, Provider: "cognito-identity.amazonaws.com", Audience: poolId, AssumedRoleUser: { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/web` } });
    const authOnly = await createRole(ctx, uniqueName("auth"), identityPoolTrust(poolId, "authenticated"));
    await expectAwsError(unsigned.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: authOnly, RoleSessionName: "web", WebIdentityToken: Token })), {
      name: "AccessDenied",
      status: 403,
      message: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
    });
    await expectAwsError(unsigned.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: "web", WebIdentityToken: "not-a-jwt" })), { name: "InvalidIdentityTokenException", status: 400 });
    await ctx.clock.advance(601_000);
    await expectAwsError(unsigned.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: "web", WebIdentityToken: Token })), { name: "ExpiredTokenException", status: 400 });
  });

  it("GetSessionToken acts as the caller; session credentials cannot ask for one", async () => {
    const iam = ctx.client(IAMClient);
    const userName = uniqueName("dev");
    const user = await iam.send(new CreateUserCommand({ UserName: userName }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    const asUser = stsWith({ AccessKeyId: key.AccessKey!.AccessKeyId, SecretAccessKey: key.AccessKey!.SecretAccessKey });
    expect(await asUser.send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: user.User!.Arn, UserId: user.User!.UserId, Account: ACCOUNT });
    const session = await asUser.send(new GetSessionTokenCommand({ DurationSeconds: 1800 }));
    expect(session.Credentials!.AccessKeyId).toMatch(/^ASIA/);
    const asSession = stsWith(session.Credentials!);
    expect(await asSession.send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: user.User!.Arn });
    await expectAwsError(asSession.send(new GetSessionTokenCommand({})), { name: "AccessDenied", status: 403, message: "Cannot call GetSessionToken with session credentials" });
  });
});
