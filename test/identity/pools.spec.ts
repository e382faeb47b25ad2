import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
  GetOpenIdTokenCommand,
  ListIdentityPoolsCommand,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
} from "@aws-sdk/client-cognito-identity";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { createRole, identityPoolTrust, signIn, userPool } from "./helpers.js";

const ctx = useServer();

async function identityPool(allowGuests: boolean, providers: { ProviderName: string; ClientId: string }[] = []): Promise<string> {
  const out = await ctx.client(CognitoIdentityClient).send(
    new CreateIdentityPoolCommand({ IdentityPoolName: uniqueName("ids").replace(/-/g, "_"), AllowUnauthenticatedIdentities: allowGuests, CognitoIdentityProviders: providers }),
  );
  return out.IdentityPoolId!;
}

describe("identity pools", () => {
  it("creates, describes, updates, lists and deletes pools", async () => {
    const cid = ctx.client(CognitoIdentityClient);
    const id = await identityPool(false);
    expect(id).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    const described = await cid.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }));
    expect(described.AllowUnauthenticatedIdentities).toBe(false);
    const updated = await cid.send(new UpdateIdentityPoolCommand({ IdentityPoolId: id, IdentityPoolName: "renamed", AllowUnauthenticatedIdentities: true }));
    expect(updated).toMatchObject({ IdentityPoolId: id, IdentityPoolName: "renamed", AllowUnauthenticatedIdentities: true });
    const listed = await cid.send(new ListIdentityPoolsCommand({ MaxResults: 60 }));
    expect(listed.IdentityPools).toContainEqual({ IdentityPoolId: id, IdentityPoolName: "renamed" });
    await cid.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id }));
    await expectAwsError(cid.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })), { name: "ResourceNotFoundException", status: 400, message: `IdentityPool '${id}' not found.` });
  });

  it("answers constraint violations as ValidationException, as Cognito Identity does", async () => {
    await expectAwsError(ctx.client(CognitoIdentityClient).send(new GetIdCommand({ IdentityPoolId: "us-east-1_AbCdEf" })), {
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value 'us-east-1_AbCdEf' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+",
    });
  });

  it("keeps roles and role mappings", async () => {
    const cid = ctx.client(CognitoIdentityClient);
    const id = await identityPool(true);
    const roles = { authenticated: "arn:aws:iam::000000000000:role/auth", unauthenticated: "arn:aws:iam::000000000000:role/guest" };
    const RoleMappings = { "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client": { Type: "Token" as const, AmbiguousRoleResolution: "AuthenticatedRole" as const } };
    await cid.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: roles, RoleMappings }));
    expect(await cid.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }))).toMatchObject({ IdentityPoolId: id, Roles: roles, RoleMappings });
  });

  it("gives a signed-in user one stable identity and credentials for the authenticated role", async () => {
    const cid = ctx.client(CognitoIdentityClient);
    const up = await userPool(ctx);
    const id = await identityPool(false, [{ ProviderName: up.provider, ClientId: up.clientId }]);
    const authRole = await createRole(ctx, uniqueName("auth"), identityPoolTrust(id, "authenticated"));
    await cid.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: authRole } }));
    const token = await signIn(ctx, up, "alice");
    const Logins = { [up.provider]: token };
    const first = await cid.send(new GetIdCommand({ IdentityPoolId: id, Logins }));
    const again = await cid.send(new GetIdCommand({ IdentityPoolId: id, Logins }));
    expect(first.IdentityId).toMatch(/^us-east-1:[0-9a-f-]{36}$/);
    expect(again.IdentityId).toBe(first.IdentityId);
    const bob = await cid.send(new GetIdCommand({ IdentityPoolId: id, Logins: { [up.provider]: await signIn(ctx, up, "bob") } }));
    expect(bob.IdentityId).not.toBe(first.IdentityId);

    const now = ctx.clock.now().getTime();
    const out = await cid.send(new GetCredentialsForIdentityCommand({ IdentityId: first.IdentityId, Logins }));
    expect(out.IdentityId).toBe(first.IdentityId);
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials!.SecretKey).toHaveLength(40);
    expect(out.Credentials!.SessionToken!.length).toBeGreaterThan(100);
    expect(Math.abs(out.Credentials!.Expiration!.getTime() - (now + 3600_000))).toBeLessThan(2000);

    const sts = ctx.client(STSClient, { credentials: { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretKey!, sessionToken: out.Credentials!.SessionToken! } as never });
    const caller = await sts.send(new GetCallerIdentityCommand({}));
    expect(caller.Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${authRole.split("/").pop()}/CognitoIdentityCredentials`);
    expect(caller.Account).toBe("000000000000");
    expect(caller.UserId).toMatch(/^AROA[A-Z2-7]{17}:CognitoIdentityCredentials$/);

    const openId = await cid.send(new GetOpenIdTokenCommand({ IdentityId: first.IdentityId, Logins }));
    const claims = JSON.parse(Buffer.from(openId.Token!.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: "https://cognito-identity.amazonaws.com", aud: id, sub: first.IdentityId, amr: ["authenticated", up.provider] });

    await ctx.clock.advance(3600_000);
    await expectAwsError(sts.send(new GetCallerIdentityCommand({})), { name: "ExpiredToken", status: 403, message: "The security token included in the request is expired" });
  });

  it("refuses tokens it cannot trust and identities without logins", async () => {
    const cid = ctx.client(CognitoIdentityClient);
    const up = await userPool(ctx);
    const other = await userPool(ctx);
    const id = await identityPool(false, [{ ProviderName: up.provider, ClientId: up.clientId }]);
    await expectAwsError(cid.send(new GetIdCommand({ IdentityPoolId: id })), { name: "NotAuthorizedException", status: 400, message: "Unauthenticated access is not supported for this identity pool." });
    await expectAwsError(cid.send(new GetIdCommand({ IdentityPoolId: id, Logins: { [other.provider]: await signIn(ctx, other, "carol") } })), {
      name: "NotAuthorizedException",
      message: "Token is not from a supported provider of this identity pool.",
    });
    const token = await signIn(ctx, up, "dave");
    const tampered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expectAwsError(cid.send(new GetIdCommand({ IdentityPoolId: id, Logins: { [up.provider]: tampered } })), { name: "NotAuthorizedException", message: /^Invalid login token\./ });
    const { IdentityId } = await cid.send(new GetIdCommand({ IdentityPoolId: id, Logins: { [up.provider]: token } }));
    await expectAwsError(cid.send(new GetCredentialsForIdentityCommand({ IdentityId })), {
      name: "NotAuthorizedException",
      message: "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    });
    await expectAwsError(cid.send(new GetCredentialsForIdentityCommand({ IdentityId: "us-east-1:00000000-0000-0000-0000-000000000000" })), {
      name: "ResourceNotFoundException",
      message: "Identity 'us-east-1:00000000-0000-0000-0000-000000000000' not found.",
    });
    await ctx.clock.advance(3600_000 + 1000);
    await expectAwsError(cid.send(new GetIdCommand({ IdentityPoolId: id, Logins: { [up.provider]: token } })), { name: "NotAuthorizedException", message: /^Invalid login token\. Token expired/ });
  });

  it("gives guests a new identity each time and the unauthenticated role's credentials", async () => {
    const cid = ctx.client(CognitoIdentityClient);
    const id = await identityPool(true);
    const a = await cid.send(new GetIdCommand({ IdentityPoolId: id }));
    const b = await cid.send(new GetIdCommand({ IdentityPoolId: id }));
    expect(a.IdentityId).not.toBe(b.IdentityId);
    await expectAwsError(cid.send(new GetCredentialsForIdentityCommand({ IdentityId: a.IdentityId })), {
      name: "InvalidIdentityPoolConfigurationException",
      message: "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
    });
    const guestRole = await createRole(ctx, uniqueName("guest"), identityPoolTrust(id, "unauthenticated"));
    await cid.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { unauthenticated: guestRole } }));
    const creds = await cid.send(new GetCredentialsForIdentityCommand({ IdentityId: a.IdentityId }));
    expect(creds.Credentials!.AccessKeyId).toMatch(/^ASIA/);
  });

  it("refuses a role whose trust policy does not name the pool", async () => {
    const cid = ctx.client(CognitoIdentityClient);
    const id = await identityPool(true);
    const otherPool = await identityPool(true);
    const role = await createRole(ctx, uniqueName("wrong"), identityPoolTrust(otherPool, "unauthenticated"));
    await cid.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { unauthenticated: role } }));
    const { IdentityId } = await cid.send(new GetIdCommand({ IdentityPoolId: id }));
    await expectAwsError(cid.send(new GetCredentialsForIdentityCommand({ IdentityId })), { name: "InvalidIdentityPoolConfigurationException" });
    await cid.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { unauthenticated: "arn:aws:iam::000000000000:role/missing" } }));
    await expectAwsError(cid.send(new GetCredentialsForIdentityCommand({ IdentityId })), { name: "InvalidIdentityPoolConfigurationException" });
  });
});
