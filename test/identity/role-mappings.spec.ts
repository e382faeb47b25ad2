import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient, CreateGroupCommand } from "@aws-sdk/client-cognito-identity-provider";
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  ListIdentitiesCommand,
  SetIdentityPoolRolesCommand,
} from "@aws-sdk/client-cognito-identity";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { authenticate, createRole, identityPoolTrust, signIn, userPool, type UserPool } from "./helpers.js";

const ctx = useServer();

async function setup(): Promise<{ up: UserPool; id: string; authRole: string }> {
  const up = await userPool(ctx);
  const out = await ctx.client(CognitoIdentityClient).send(
    new CreateIdentityPoolCommand({ IdentityPoolName: "mapped", AllowUnauthenticatedIdentities: false, CognitoIdentityProviders: [{ ProviderName: up.provider, ClientId: up.clientId }] }),
  );
  const id = out.IdentityPoolId!;
  const authRole = await createRole(ctx, uniqueName("auth"), identityPoolTrust(id, "authenticated"));
  return { up, id, authRole };
}

async function roleOf(id: string, logins: Record<string, string>): Promise<string> {
  const cid = ctx.client(CognitoIdentityClient);
  const { IdentityId } = await cid.send(new GetIdCommand({ IdentityPoolId: id, Logins: logins }));
  const { Credentials } = await cid.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
  const sts = ctx.client(STSClient, { credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretKey!, sessionToken: Credentials!.SessionToken! } as never });
  const arn = (await sts.send(new GetCallerIdentityCommand({}))).Arn!;
  return arn.split("/")[1]!;
}

describe("role mappings", () => {
  it("Rules pick the first matching claim's role, else the authenticated role", async () => {
    const { up, id, authRole } = await setup();
    const adminName = uniqueName("admin");
    const adminRole = await createRole(ctx, adminName, identityPoolTrust(id, "authenticated"));
    await ctx.client(CognitoIdentityClient).send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: id,
        Roles: { authenticated: authRole },
        RoleMappings: {
          [`${up.provider}:${up.clientId}`]: {
            Type: "Rules",
            AmbiguousRoleResolution: "AuthenticatedRole",
            RulesConfiguration: { Rules: [{ Claim: "cognito:username", MatchType: "Equals", Value: "root-user", RoleARN: adminRole }] },
          },
        },
      }),
    );
    expect(await roleOf(id, { [up.provider]: await signIn(ctx, up, "root-user") })).toBe(adminName);
    expect(await roleOf(id, { [up.provider]: await signIn(ctx, up, "someone") })).toBe(authRole.split("/").pop());
  });

  it("Token takes the group's role (cognito:preferred_role); Deny refuses users without one", async () => {
    const { up, id, authRole } = await setup();
    const editorName = uniqueName("editor");
    const editorRole = await createRole(ctx, editorName, identityPoolTrust(id, "authenticated"));
    const idp = ctx.client(CognitoIdentityProviderClient);
    await idp.send(new CreateGroupCommand({ UserPoolId: up.poolId, GroupName: "editors", RoleArn: editorRole, Precedence: 1 }));
    await signIn(ctx, up, "erin");
    await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: up.poolId, Username: "erin", GroupName: "editors" }));
    await ctx.client(CognitoIdentityClient).send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: id,
        Roles: { authenticated: authRole },
        RoleMappings: { [up.provider]: { Type: "Token", AmbiguousRoleResolution: "Deny" } },
      }),
    );
    expect(await roleOf(id, { [up.provider]: await authenticate(ctx, up, "erin") })).toBe(editorName);
    const cid = ctx.client(CognitoIdentityClient);
    const plain = { [up.provider]: await signIn(ctx, up, "frank") };
    const { IdentityId } = await cid.send(new GetIdCommand({ IdentityPoolId: id, Logins: plain }));
    await expectAwsError(cid.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: plain })), { name: "NotAuthorizedException", status: 400 });
    const listed = await cid.send(new ListIdentitiesCommand({ IdentityPoolId: id, MaxResults: 10 }));
    expect(listed.Identities!.map((i) => i.IdentityId)).toContain(IdentityId);
    expect(listed.Identities!.find((i) => i.IdentityId === IdentityId)!.Logins).toEqual([up.provider]);
  });
});
