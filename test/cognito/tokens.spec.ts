import {
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { claims, createClient, createPool, createUser, PASSWORD, secretHash } from "./helpers.js";

const ctx = useServer();
const cognito = () => ctx.client(CognitoIdentityProviderClient);

async function setup(clientExtra = {}) {
  const poolId = await createPool(cognito());
  const client = await createClient(cognito(), poolId, clientExtra);
  await createUser(cognito(), poolId, "tina", { email: "tina@example.com", email_verified: "true", name: "Tina" });
  return { poolId, ...client };
}

async function passwordAuth(clientId: string, username = "tina", extra: Record<string, string> = {}) {
  return cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD, ...extra } }));
}

describe("tokens", () => {
  it("carry AWS's claims and verify with jose and aws-jwt-verify against the pool's JWKS", async () => {
    const { poolId, clientId } = await setup();
    const { AuthenticationResult: r } = await passwordAuth(clientId);
    expect(r?.TokenType).toBe("Bearer");
    expect(r?.ExpiresIn).toBe(3600);
    const iss = `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`;
    const jwks = createRemoteJWKSet(new URL(`${ctx.endpoint}/${poolId}/.well-known/jwks.json`));
    const now = ctx.clock.now();
    const id = await jwtVerify(r!.IdToken!, jwks, { issuer: iss, audience: clientId, currentDate: now, algorithms: ["RS256"] });
    expect(Object.keys(id.payload).sort()).toEqual(
      ["aud", "auth_time", "cognito:username", "email", "email_verified", "event_id", "exp", "iat", "iss", "jti", "name", "origin_jti", "sub", "token_use"].sort(),
    );
    expect(id.payload).toMatchObject({ token_use: "id", "cognito:username": "tina", email_verified: true, email: "tina@example.com" });
    const access = await jwtVerify(r!.AccessToken!, jwks, { issuer: iss, currentDate: now, algorithms: ["RS256"] });
    expect(access.payload).toMatchObject({ token_use: "access", client_id: clientId, username: "tina", scope: "aws.cognito.signin.user.admin", origin_jti: id.payload.origin_jti });
    expect(access.payload.aud).toBeUndefined();
    expect(access.protectedHeader.kid).not.toBe(id.protectedHeader.kid);

    const keys = (await (await fetch(`${ctx.endpoint}/${poolId}/.well-known/jwks.json`)).json()) as { keys: { kid: string; alg: string; kty: string; use: string }[] };
    expect(keys.keys).toHaveLength(2);
    expect(keys.keys.every((k) => k.alg === "RS256" && k.kty === "RSA" && k.use === "sig")).toBe(true);
    const verifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: "id", clientId });
    verifier.cacheJwks(keys as Parameters<typeof verifier.cacheJwks>[0]);
    const verified = await verifier.verify(r!.IdToken!);
    expect(verified["cognito:username"]).toBe("tina");
    const accessVerifier = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: "access", clientId });
    accessVerifier.cacheJwks(keys as Parameters<typeof accessVerifier.cacheJwks>[0]);
    expect((await accessVerifier.verify(r!.AccessToken!)).username).toBe("tina");

    const discovery = (await (await fetch(`${ctx.endpoint}/${poolId}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(iss);
    expect(discovery.jwks_uri).toBe(`${ctx.endpoint}/${poolId}/.well-known/jwks.json`);
  });

  it("refuses tampered, unsigned and HS256 tokens", async () => {
    const { clientId } = await setup();
    const { AuthenticationResult: r } = await passwordAuth(clientId);
    const [h, p, s] = r!.AccessToken!.split(".") as [string, string, string];
    const payload = { ...claims(r!.AccessToken!), username: "someone-else" };
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${s}`;
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${p}.`;
    const hs = `${Buffer.from(JSON.stringify({ alg: "HS256", kid: JSON.parse(Buffer.from(h, "base64url").toString()).kid })).toString("base64url")}.${p}.${s}`;
    for (const token of [forged, none, hs, "garbage", r!.IdToken!]) {
      await expectAwsError(cognito().send(new GetUserCommand({ AccessToken: token })), { name: "NotAuthorizedException", message: "Invalid Access Token" });
    }
  });

  it("expire on the clock, and refresh keeps origin_jti and auth_time", async () => {
    const { clientId } = await setup();
    const { AuthenticationResult: r } = await passwordAuth(clientId);
    await ctx.clock.advance(3601_000);
    await expectAwsError(cognito().send(new GetUserCommand({ AccessToken: r!.AccessToken })), { name: "NotAuthorizedException", message: "Access Token has expired" });
    const refreshed = await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: r!.RefreshToken! } }));
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
    const before = claims(r!.AccessToken!);
    const after = claims(refreshed.AuthenticationResult!.AccessToken!);
    expect(after.origin_jti).toBe(before.origin_jti);
    expect(after.auth_time).toBe(before.auth_time);
    expect(after.iat).toBeGreaterThan(before.iat as number);
    expect((await cognito().send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult!.AccessToken }))).Username).toBe("tina");
    const viaNewApi = await cognito().send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: r!.RefreshToken! }));
    expect(viaNewApi.AuthenticationResult?.IdToken).toBeDefined();
    await expectAwsError(cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: "nope" } })), {
      name: "NotAuthorizedException",
      message: "Invalid Refresh Token",
    });
  });

  it("honours the client's token validities", async () => {
    const { clientId } = await setup({ AccessTokenValidity: 5, IdTokenValidity: 10, TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes" } });
    const { AuthenticationResult: r } = await passwordAuth(clientId);
    expect(r?.ExpiresIn).toBe(300);
    const id = claims(r!.IdToken!);
    expect((id.exp as number) - (id.iat as number)).toBe(600);
  });

  it("GlobalSignOut revokes access and refresh tokens; a new sign-in works", async () => {
    const { poolId, clientId } = await setup();
    const a = (await passwordAuth(clientId)).AuthenticationResult!;
    const b = (await passwordAuth(clientId)).AuthenticationResult!;
    await cognito().send(new GlobalSignOutCommand({ AccessToken: a.AccessToken }));
    for (const token of [a.AccessToken, b.AccessToken]) {
      await expectAwsError(cognito().send(new GetUserCommand({ AccessToken: token })), { name: "NotAuthorizedException", message: "Access Token has been revoked" });
    }
    await expectAwsError(cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: b.RefreshToken! } })), {
      name: "NotAuthorizedException",
      message: "Refresh Token has been revoked",
    });
    const c = (await passwordAuth(clientId)).AuthenticationResult!;
    expect((await cognito().send(new GetUserCommand({ AccessToken: c.AccessToken }))).Username).toBe("tina");
    await cognito().send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: "tina" }));
    await expectAwsError(cognito().send(new GetUserCommand({ AccessToken: c.AccessToken })), { name: "NotAuthorizedException", message: "Access Token has been revoked" });
  });

  it("RevokeToken revokes one refresh token and the access tokens issued with it", async () => {
    const { clientId, secret } = await setup({ GenerateSecret: true });
    const hash = secretHash(secret!, "tina", clientId);
    const a = (await passwordAuth(clientId, "tina", { SECRET_HASH: hash })).AuthenticationResult!;
    const b = (await passwordAuth(clientId, "tina", { SECRET_HASH: hash })).AuthenticationResult!;
    await expectAwsError(cognito().send(new RevokeTokenCommand({ ClientId: clientId, Token: a.RefreshToken })), { name: "NotAuthorizedException" });
    await cognito().send(new RevokeTokenCommand({ ClientId: clientId, ClientSecret: secret, Token: a.RefreshToken }));
    await expectAwsError(cognito().send(new GetUserCommand({ AccessToken: a.AccessToken })), { name: "NotAuthorizedException", message: "Access Token has been revoked" });
    expect((await cognito().send(new GetUserCommand({ AccessToken: b.AccessToken }))).Username).toBe("tina");
    const refreshed = await cognito().send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: b.RefreshToken!, SECRET_HASH: secretHash(secret!, claims(b.IdToken!).sub as string, clientId) } }),
    );
    expect(refreshed.AuthenticationResult?.AccessToken).toBeDefined();
  });
});

describe("sign-in errors", () => {
  it("tells unknown users apart only when PreventUserExistenceErrors is LEGACY", async () => {
    const { poolId, clientId } = await setup();
    await expectAwsError(passwordAuth(clientId, "nobody"), { name: "UserNotFoundException", message: "User does not exist." });
    const { clientId: strict } = await createClient(cognito(), poolId, { PreventUserExistenceErrors: "ENABLED" });
    await expectAwsError(passwordAuth(strict, "nobody"), { name: "NotAuthorizedException", message: "Incorrect username or password." });
    const srp = await cognito().send(new InitiateAuthCommand({ ClientId: strict, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: "nobody", SRP_A: "0abc" } }));
    expect(srp.ChallengeName).toBe("PASSWORD_VERIFIER");
  });

  it("refuses flows the client does not allow", async () => {
    const { clientId } = await setup({ ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    await expectAwsError(passwordAuth(clientId), { name: "InvalidParameterException", message: "USER_PASSWORD_AUTH flow not enabled for this client" });
  });

  it("locks a user out after repeated wrong passwords, for a time on the clock", async () => {
    const { clientId } = await setup();
    for (let i = 0; i < 5; i++) {
      await expectAwsError(cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "tina", PASSWORD: "Wr0ng-pass!" } })), {
        name: "NotAuthorizedException",
        message: "Incorrect username or password.",
      });
    }
    await expectAwsError(passwordAuth(clientId), { name: "NotAuthorizedException", message: "Password attempts exceeded" });
    await ctx.clock.advance(2_000);
    expect((await passwordAuth(clientId)).AuthenticationResult).toBeDefined();
  });

  it("expires auth sessions after AuthSessionValidity minutes", async () => {
    const poolId = await createPool(cognito());
    const { clientId } = await createClient(cognito(), poolId);
    const { AdminCreateUserCommand } = await import("@aws-sdk/client-cognito-identity-provider");
    await cognito().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "temp", TemporaryPassword: "Temp0rary!", MessageAction: "SUPPRESS" }));
    const started = await cognito().send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "temp", PASSWORD: "Temp0rary!" } }));
    await ctx.clock.advance(181_000);
    await expectAwsError(
      cognito().send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: started.Session, ChallengeResponses: { USERNAME: "temp", NEW_PASSWORD: "Brand-new-passw0rd" } })),
      { name: "NotAuthorizedException", message: "Invalid session for the user, session is expired." },
    );
    await expectAwsError(
      cognito().send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: "NEW_PASSWORD_REQUIRED", Session: "x".repeat(40), ChallengeResponses: { USERNAME: "temp", NEW_PASSWORD: "Brand-new-passw0rd" } })),
      { name: "NotAuthorizedException", message: "Invalid session for the user." },
    );
  });
});
