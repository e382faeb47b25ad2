import { AdminCreateUserCommand, AdminInitiateAuthCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand, CreateUserPoolCommand } from "@aws-sdk/client-cognito-identity-provider";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import type { ServerContext } from "../helpers/use-server.js";
import { uniqueName } from "../helpers/index.js";

export const PASSWORD = "Passw0rd!";

export interface UserPool {
  poolId: string;
  clientId: string;
  provider: string;
}

export async function userPool(ctx: ServerContext): Promise<UserPool> {
  const idp = ctx.client(CognitoIdentityProviderClient);
  const pool = await idp.send(new CreateUserPoolCommand({ PoolName: uniqueName("pool") }));
  const poolId = pool.UserPool!.Id!;
  const client = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "app", ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
  return { poolId, clientId: client.UserPoolClient!.ClientId!, provider: `cognito-idp.us-east-1.amazonaws.com/${poolId}` };
}

/** A confirmed user of the pool, signed in: its ID token. */
export async function signIn(ctx: ServerContext, pool: UserPool, username: string): Promise<string> {
  const idp = ctx.client(CognitoIdentityProviderClient);
  await idp.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: username, MessageAction: "SUPPRESS" }));
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: username, Password: PASSWORD, Permanent: true }));
  return authenticate(ctx, pool, username);
}

/** An existing user's fresh ID token. */
export async function authenticate(ctx: ServerContext, pool: UserPool, username: string): Promise<string> {
  const idp = ctx.client(CognitoIdentityProviderClient);
  const auth = await idp.send(
    new AdminInitiateAuthCommand({ UserPoolId: pool.poolId, ClientId: pool.clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD } }),
  );
  return auth.AuthenticationResult!.IdToken!;
}

/** The trust policy AWS's console writes for an identity pool's role. */
export function identityPoolTrust(identityPoolId: string, amr: "authenticated" | "unauthenticated"): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "cognito-identity.amazonaws.com:aud": identityPoolId },
          "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr },
        },
      },
    ],
  });
}

export async function createRole(ctx: ServerContext, name: string, trust: string): Promise<string> {
  const out = await ctx.client(IAMClient).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
  return out.Role!.Arn!;
}
