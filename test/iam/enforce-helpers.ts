import { CognitoIdentityClient, CreateIdentityPoolCommand, GetCredentialsForIdentityCommand, GetIdCommand, SetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { MiddlewareStack } from "@smithy/types";
import type { ServerContext } from "../helpers/use-server.js";
import { uniqueName } from "../helpers/index.js";
import { createRole, identityPoolTrust, signIn, userPool, type UserPool } from "../identity/helpers.js";

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export interface IdentityPoolSetup {
  poolId: string;
  userPool: UserPool;
  authRole: string;
  guestRole: string;
}

/** An identity pool with guests allowed, an authenticated and a guest role (each with the given inline policy). */
export async function identityPool(ctx: ServerContext, authPolicy: object, guestPolicy: object): Promise<IdentityPoolSetup> {
  const up = await userPool(ctx);
  const cid = ctx.client(CognitoIdentityClient);
  const pool = await cid.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: uniqueName("ipool").replace(/-/g, "_"),
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: up.provider, ClientId: up.clientId }],
    }),
  );
  const poolId = pool.IdentityPoolId!;
  const authRole = uniqueName("auth");
  const guestRole = uniqueName("guest");
  const authArn = await createRole(ctx, authRole, identityPoolTrust(poolId, "authenticated"));
  const guestArn = await createRole(ctx, guestRole, identityPoolTrust(poolId, "unauthenticated"));
  const iam = ctx.client(IAMClient);
  await iam.send(new PutRolePolicyCommand({ RoleName: authRole, PolicyName: "app", PolicyDocument: JSON.stringify(authPolicy) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: guestRole, PolicyName: "app", PolicyDocument: JSON.stringify(guestPolicy) }));
  await cid.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: authArn, unauthenticated: guestArn } }));
  return { poolId, userPool: up, authRole, guestRole };
}

/** A new user of the pool, signed in: its identity id and credentials. */
export async function userCredentials(ctx: ServerContext, setup: IdentityPoolSetup, username: string): Promise<{ identityId: string; credentials: IssuedCredentials }> {
  const token = await signIn(ctx, setup.userPool, username);
  const logins = { [setup.userPool.provider]: token };
  const cid = ctx.client(CognitoIdentityClient);
  const { IdentityId } = await cid.send(new GetIdCommand({ IdentityPoolId: setup.poolId, Logins: logins }));
  const out = await cid.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
  return { identityId: IdentityId!, credentials: { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretKey!, sessionToken: out.Credentials!.SessionToken! } };
}

export async function guestCredentials(ctx: ServerContext, setup: IdentityPoolSetup): Promise<{ identityId: string; credentials: IssuedCredentials }> {
  const cid = ctx.client(CognitoIdentityClient);
  const { IdentityId } = await cid.send(new GetIdCommand({ IdentityPoolId: setup.poolId }));
  const out = await cid.send(new GetCredentialsForIdentityCommand({ IdentityId }));
  return { identityId: IdentityId!, credentials: { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretKey!, sessionToken: out.Credentials!.SessionToken! } };
}

/** Changes the last character of the request's signature after the SDK signed it. */
export function tamperSignature(client: { middlewareStack: MiddlewareStack<object, object> }): void {
  client.middlewareStack.add(
    (next) => (args) => {
      const request = (args as { request: { headers: Record<string, string> } }).request;
      const auth = request.headers.authorization!;
      request.headers.authorization = auth.slice(0, -1) + (auth.endsWith("0") ? "1" : "0");
      return next(args);
    },
    { step: "deserialize", name: "tamperSignature" },
  );
}

/** Sends the request without a signature: the SDK signs it, then the signature and its headers are removed. */
export function stripSignature(client: { middlewareStack: MiddlewareStack<object, object> }): void {
  client.middlewareStack.add(
    (next) => (args) => {
      const headers = (args as { request: { headers: Record<string, string> } }).request.headers;
      for (const name of Object.keys(headers)) if (/^(authorization|x-amz-date|x-amz-security-token|x-amz-content-sha256)$/i.test(name)) delete headers[name];
      return next(args);
    },
    { step: "deserialize", name: "stripSignature" },
  );
}

/** Credentials of a new role session (AssumeRole by the account's root) whose role has this inline policy. */
export async function roleSession(ctx: ServerContext, policy: object, root?: { accessKeyId: string; secretAccessKey: string }): Promise<IssuedCredentials> {
  const iam = ctx.client(IAMClient, root ? { credentials: root } : {});
  const role = uniqueName("role");
  const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::000000000000:root" }, Action: "sts:AssumeRole" }] };
  await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: "p", PolicyDocument: JSON.stringify(policy) }));
  const out = await ctx.client(STSClient, root ? { credentials: root } : {}).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::000000000000:role/${role}`, RoleSessionName: "sess" }));
  return { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
}
