import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetOpenIdTokenCommand,
  GetIdCommand,
  GetOpenIdTokenForDeveloperIdentityCommand,
  SetIdentityPoolRolesCommand,
} from "@aws-sdk/client-cognito-identity";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { createRole, identityPoolTrust } from "./helpers.js";

const ctx = useServer();

describe("developer-authenticated identities", () => {
  it("a backend's user gets one identity and an OpenID token that GetCredentialsForIdentity accepts", async () => {
    const cid = ctx.client(CognitoIdentityClient);
    const pool = await cid.send(new CreateIdentityPoolCommand({ IdentityPoolName: "dev", AllowUnauthenticatedIdentities: true, DeveloperProviderName: "login.example.app" }));
    const id = pool.IdentityPoolId!;
    const roleName = uniqueName("dev");
    const role = await createRole(ctx, roleName, identityPoolTrust(id, "authenticated"));
    const guestRole = await createRole(ctx, uniqueName("guest"), identityPoolTrust(id, "unauthenticated"));
    await cid.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: role, unauthenticated: guestRole } }));

    const first = await cid.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: id, Logins: { "login.example.app": "user-42" } }));
    const again = await cid.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: id, Logins: { "login.example.app": "user-42" } }));
    expect(again.IdentityId).toBe(first.IdentityId);
    const Logins = { "cognito-identity.amazonaws.com": first.Token! };
    const { Credentials } = await cid.send(new GetCredentialsForIdentityCommand({ IdentityId: first.IdentityId, Logins }));
    const sts = ctx.client(STSClient, { credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretKey!, sessionToken: Credentials!.SessionToken! } as never });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::000000000000:assumed-role/${roleName}/CognitoIdentityCredentials`);

    await expectAwsError(cid.send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: id, Logins: { "other.app": "user-42" } })), { name: "NotAuthorizedException", status: 400 });
    // A guest's own token is not a login.
    const guest = await cid.send(new GetIdCommand({ IdentityPoolId: id }));
    const guestToken = await cid.send(new GetOpenIdTokenCommand({ IdentityId: guest.IdentityId }));
    await expectAwsError(cid.send(new GetCredentialsForIdentityCommand({ IdentityId: guest.IdentityId, Logins: { "cognito-identity.amazonaws.com": guestToken.Token! } })), {
      name: "NotAuthorizedException",
    });
    // Another identity's token does not open this one.
    await expectAwsError(cid.send(new GetCredentialsForIdentityCommand({ IdentityId: guest.IdentityId, Logins })), { name: "NotAuthorizedException" });
  });
});
