/** GetId, GetCredentialsForIdentity, GetOpenIdToken, ListIdentities. */
import type {
  GetCredentialsForIdentityInput,
  GetIdInput,
  GetIdResponse,
  GetOpenIdTokenInput,
  GetOpenIdTokenResponse,
  ListIdentitiesInput,
} from "@aws-sdk/client-cognito-identity";
import { issueCredentials } from "../credentials.js";
import { identityFor, loadIdentity, loginsForIdentity } from "../identities.js";
import { verifyLogins } from "../logins.js";
import { loadPool, loadPoolById } from "../pool.js";
import { resolveRole } from "../roles.js";
import { identityOperation } from "../state.js";
import { openIdToken } from "../openid.js";
import { checkTrust } from "../trust.js";

export const getId = identityOperation<GetIdInput, GetIdResponse>({
  name: "GetId",
  async handle(input, ctx, state) {
    const pool = loadPoolById(state, input.IdentityPoolId!);
    const logins = await verifyLogins(ctx, state, pool, input.Logins);
    return { IdentityId: identityFor(ctx, state, pool, logins).IdentityId };
  },
});

interface CredentialsOutput {
  IdentityId: string;
  Credentials: { AccessKeyId: string; SecretKey: string; SessionToken: string; Expiration: number };
}

export const getCredentialsForIdentity = identityOperation<GetCredentialsForIdentityInput, CredentialsOutput>({
  name: "GetCredentialsForIdentity",
  async handle(input, ctx, state) {
    const identity = loadIdentity(state, input.IdentityId!);
    const pool = loadPoolById(state, identity.IdentityPoolId);
    const logins = await loginsForIdentity(ctx, state, pool, identity, input.Logins);
    const roleArn = resolveRole(pool, logins, input.CustomRoleArn);
    const role = await checkTrust(ctx, roleArn, "AssumeRoleWithWebIdentity", {
      "cognito-identity.amazonaws.com:aud": pool.IdentityPoolId,
      "cognito-identity.amazonaws.com:sub": identity.IdentityId,
      "cognito-identity.amazonaws.com:amr": logins.length === 0 ? "unauthenticated" : "authenticated",
    });
    const account = roleArn.split(":")[4]!;
    const creds = issueCredentials(
      state,
      {
        account,
        arn: `arn:aws:sts::${account}:assumed-role/${role.roleName}/CognitoIdentityCredentials`,
        userId: `${role.roleId}:CognitoIdentityCredentials`,
        details: {
          roleArn,
          identityId: identity.IdentityId,
          identityPoolId: pool.IdentityPoolId,
          source: "cognito-identity",
          amr: logins.length === 0 ? "unauthenticated" : "authenticated",
          ...(logins.length > 0 ? { providers: logins.map((l) => l.provider).join(" ") } : {}),
          // Enhanced-flow guest sessions carry AWS's scope-down session policy (applied under --enforce-iam).
          ...(logins.length === 0 ? { sessionPolicy: "cognito-identity-guest-scope-down" } : {}),
        },
      },
      ctx.clock.now(),
      3600,
    );
    return {
      IdentityId: identity.IdentityId,
      Credentials: { AccessKeyId: creds.accessKeyId, SecretKey: creds.secretAccessKey, SessionToken: creds.sessionToken, Expiration: Math.floor(creds.expiration / 1000) },
    };
  },
});

export const getOpenIdToken = identityOperation<GetOpenIdTokenInput, GetOpenIdTokenResponse>({
  name: "GetOpenIdToken",
  async handle(input, ctx, state) {
    const identity = loadIdentity(state, input.IdentityId!);
    const pool = loadPoolById(state, identity.IdentityPoolId);
    const logins = await loginsForIdentity(ctx, state, pool, identity, input.Logins);
    const amr = logins.length === 0 ? ["unauthenticated"] : ["authenticated", ...logins.map((l) => l.provider)];
    return { IdentityId: identity.IdentityId, Token: await openIdToken(state, ctx.clock.now(), identity.IdentityId, pool.IdentityPoolId, amr) };
  },
});

interface ListIdentitiesOutput {
  IdentityPoolId: string;
  Identities: { IdentityId: string; Logins?: string[]; CreationDate: number; LastModifiedDate: number }[];
  NextToken?: string;
}

export const listIdentities = identityOperation<ListIdentitiesInput, ListIdentitiesOutput>({
  name: "ListIdentities",
  handle(input, ctx, state) {
    const pool = loadPool(ctx, state, input.IdentityPoolId!);
    const max = input.MaxResults!;
    const after = input.NextToken ? Buffer.from(input.NextToken, "base64url").toString("utf8") : "";
    const rows = state.sql.identitiesOf.all(pool.IdentityPoolId, after, max + 1);
    const page = rows.slice(0, max);
    return {
      IdentityPoolId: pool.IdentityPoolId,
      Identities: page.map((r) => {
        const i = JSON.parse(r.meta) as { IdentityId: string; Logins: string[]; CreationDate: number; LastModifiedDate: number };
        return { IdentityId: i.IdentityId, Logins: i.Logins, CreationDate: i.CreationDate / 1000, LastModifiedDate: i.LastModifiedDate / 1000 };
      }),
      ...(rows.length > max ? { NextToken: Buffer.from(page[page.length - 1]!.id).toString("base64url") } : {}),
    };
  },
});
