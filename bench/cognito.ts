/**
 * Cognito user pool workloads: a USER_PASSWORD_AUTH sign-in (verifier check + two RS256
 * signatures + a refresh token row), a whole SRP sign-in (InitiateAuth + RespondToAuthChallenge,
 * the client's SRP math done by cognito-srp-helper in the bench process), CreateUserPool (keys made
 * ahead in the background), and what an authorizer pays to verify a token against the JWKS.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from "cognito-srp-helper";
import { createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { awsJsonRequest } from "./json-request.js";
import { benchCredentials, type RawRequest, type Target, type Workload } from "./types.js";

const PASSWORD = "Bench-passw0rd!";

interface Setup {
  poolId: string;
  clientId: string;
}

const setups = new Map<string, Setup>();

function client(target: Target): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint: target.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 });
}

function raw(operation: string, body: unknown): RawRequest {
  return awsJsonRequest("1.1", "AWSCognitoIdentityProviderService", "cognito-idp", operation, body);
}

async function ensureSetup(target: Target): Promise<Setup> {
  let s = setups.get(target.endpoint);
  if (s) return s;
  const cognito = client(target);
  const poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: "bench" }))).UserPool!.Id!;
  const clientId = (
    await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "bench", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }),
    )
  ).UserPoolClient!.ClientId!;
  await cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "bench", MessageAction: "SUPPRESS" }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "bench", Password: PASSWORD, Permanent: true }));
  s = { poolId, clientId };
  setups.set(target.endpoint, s);
  return s;
}

function passwordAuth(clientId: string): { ClientId: string; AuthFlow: "USER_PASSWORD_AUTH"; AuthParameters: Record<string, string> } {
  return { ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "bench", PASSWORD } };
}

export const workloads: Workload[] = [
  {
    name: "cognito InitiateAuth USER_PASSWORD_AUTH",
    targets: ["local-aws"],
    opsPerRound: 500,
    concurrency: 8,
    async setup(target) {
      await ensureSetup(target);
    },
    sdk(target) {
      const cognito = client(target);
      const { clientId } = setups.get(target.endpoint)!;
      return async () => {
        await cognito.send(new InitiateAuthCommand(passwordAuth(clientId)));
      };
    },
    raw(target) {
      const request = raw("InitiateAuth", passwordAuth(setups.get(target.endpoint)!.clientId));
      return () => request;
    },
  },
  {
    name: "cognito SRP sign-in (InitiateAuth + PASSWORD_VERIFIER)",
    targets: ["local-aws"],
    // The client's SRP math (cognito-srp-helper, in the bench process) dominates the wall time.
    opsPerRound: 40,
    concurrency: 2,
    warmUp: 10,
    async setup(target) {
      await ensureSetup(target);
    },
    sdk(target) {
      const cognito = client(target);
      const { poolId, clientId } = setups.get(target.endpoint)!;
      return async () => {
        const session = createSrpSession("bench", PASSWORD, poolId, false);
        const started = await cognito.send(new InitiateAuthCommand(wrapInitiateAuth(session, { ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: "bench" } })));
        const signed = signSrpSession(session, started);
        await cognito.send(new RespondToAuthChallengeCommand(wrapAuthChallenge(signed, { ClientId: clientId, ChallengeName: "PASSWORD_VERIFIER", ChallengeResponses: { USERNAME: "bench" } })));
      };
    },
  },
  {
    name: "cognito CreateUserPool",
    targets: ["local-aws"],
    opsPerRound: 30,
    concurrency: 1,
    warmUp: 5,
    sdk(target) {
      const cognito = client(target);
      return async (i) => {
        await cognito.send(new CreateUserPoolCommand({ PoolName: `bench-${i}` }));
      };
    },
  },
  {
    name: "cognito token verification (jose, local JWKS, in the bench process)",
    targets: ["local-aws"],
    async custom(target) {
      const { poolId, clientId } = await ensureSetup(target);
      const out = await client(target).send(new InitiateAuthCommand(passwordAuth(clientId)));
      const token = out.AuthenticationResult!.AccessToken!;
      const jwks = createLocalJWKSet((await (await fetch(`${target.endpoint}/${poolId}/.well-known/jwks.json`)).json()) as JSONWebKeySet);
      const issuer = `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`;
      for (let i = 0; i < 200; i++) await jwtVerify(token, jwks, { issuer });
      const n = 2000;
      const started = performance.now();
      for (let i = 0; i < n; i++) await jwtVerify(token, jwks, { issuer });
      const viaJose = ((performance.now() - started) * 1000) / n;
      // The same check on node:crypto with the key object cached: what a hot authorizer path can pay.
      const [head, body, sig] = token.split(".") as [string, string, string];
      const kid = (JSON.parse(Buffer.from(head, "base64url").toString()) as { kid: string }).kid;
      const jwk = ((await (await fetch(`${target.endpoint}/${poolId}/.well-known/jwks.json`)).json()) as JSONWebKeySet).keys.find((k) => k.kid === kid)!;
      const key = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
      const signed = Buffer.from(`${head}.${body}`);
      const signature = Buffer.from(sig, "base64url");
      const t2 = performance.now();
      for (let i = 0; i < n; i++) {
        if (!verify("sha256", signed, key, signature)) throw new Error("signature did not verify");
        const claims = JSON.parse(Buffer.from(body, "base64url").toString()) as { iss: string; exp: number };
        if (claims.iss !== issuer) throw new Error("wrong issuer");
      }
      const viaNode = ((performance.now() - t2) * 1000) / n;
      return { "jose jwtVerify µs": Math.round(viaJose), "node:crypto verify + claims µs": Math.round(viaNode) };
    },
  },
];
