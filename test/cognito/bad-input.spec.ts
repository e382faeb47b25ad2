import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { operations } from "../../src/cognito/operations/index.js";
import { useServer } from "../helpers/index.js";
import { createClient, createPool, createUser } from "./helpers.js";

const ctx = useServer();

async function call(op: string, body: unknown): Promise<{ status: number; type: string }> {
  const res = await fetch(ctx.endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSCognitoIdentityProviderService.${op}` },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { __type?: string };
  return { status: res.status, type: json.__type ?? "" };
}

describe("bad input", () => {
  it("answers every operation's malformed input with a 4xx, never a 500", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const poolId = await createPool(cognito);
    const { clientId } = await createClient(cognito, poolId);
    await createUser(cognito, poolId, "victim");
    const weird: unknown[] = [null, 5, "x", [], {}, { a: [1, { b: null }] }, "__proto__", true, -1, 1e308, "a".repeat(5000)];
    const bodies: unknown[] = [{}, "not json", "[]"];
    for (const value of weird) {
      bodies.push({ UserPoolId: value, ClientId: value, Username: value, Password: value, AccessToken: value, Session: value, AuthFlow: value, ChallengeName: value });
      bodies.push({ UserPoolId: poolId, ClientId: clientId, Username: "victim", AuthFlow: "USER_SRP_AUTH", ChallengeName: "PASSWORD_VERIFIER", AuthParameters: value, ChallengeResponses: value, UserAttributes: value, Filter: value, Limit: value, MaxResults: value, Schema: value, GroupName: value, Token: value, RefreshToken: value, UserCode: value, Code: value, ConfirmationCode: value, LambdaConfig: value, Policies: value, ExplicitAuthFlows: value, TokenValidityUnits: value });
    }
    bodies.push({ ClientId: clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: "victim", SRP_A: "f".repeat(2000) } });
    bodies.push({ ClientId: clientId, AuthFlow: "REFRESH_TOKEN_AUTH", AuthParameters: { REFRESH_TOKEN: "a.b.c" } });
    bodies.push({ ClientId: clientId, ChallengeName: "PASSWORD_VERIFIER", ChallengeResponses: { USERNAME: "victim", PASSWORD_CLAIM_SECRET_BLOCK: "%%%", PASSWORD_CLAIM_SIGNATURE: "x", TIMESTAMP: "Tue Nov 4 09:05:01 UTC 2025" } });
    bodies.push({ AccessToken: "eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJpc3MiOiJ4In0.AAAA" });
    bodies.push({ UserPoolId: poolId, Filter: 'email ^= "\\' });
    bodies.push({ UserPoolId: poolId, PaginationToken: "!!!" });
    const failures: string[] = [];
    for (const op of operations.map((o) => o.name)) {
      for (const body of bodies) {
        const { status, type } = await call(op, body);
        if (status >= 500 || status < 400) {
          if (status === 200) continue;
          failures.push(`${op} ${JSON.stringify(body).slice(0, 120)} → ${status} ${type}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("keeps the server's own routes safe from names in requests", async () => {
    const res = await fetch(`${ctx.endpoint}/us-east-1_..%2F..%2Fetc/.well-known/jwks.json`);
    expect(res.status).toBeLessThan(500);
    const missing = await fetch(`${ctx.endpoint}/us-east-1_Nonexistnt/.well-known/jwks.json`);
    expect(missing.status).toBe(404);
  });
});

describe("bad input on the hosted UI", () => {
  it("answers malformed OAuth requests with 4xx pages or OAuth errors, never a 500", async () => {
    const cognito = ctx.client(CognitoIdentityProviderClient);
    const poolId = await createPool(cognito);
    const { clientId } = await createClient(cognito, poolId, { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"], CallbackURLs: ["myapp://cb?x=1", "https://app.example/cb"] });
    const base = `${ctx.endpoint}/_aws/cognito/${poolId}`;
    const statuses: number[] = [];
    const queries = ["", "client_id=", `client_id=${clientId}`, `client_id=${clientId}&redirect_uri=myapp%3A%2F%2Fcb%3Fx%3D1`, `client_id=${clientId}&redirect_uri=myapp%3A%2F%2Fcb%3Fx%3D1&response_type=token`, `client_id=${clientId}&redirect_uri=https://app.example/cb&response_type=code&scope=admin`, "%%%", `client_id=${clientId}&redirect_uri=${"x".repeat(5000)}`];
    for (const q of queries) {
      for (const path of ["/oauth2/authorize", "/login", "/logout"]) statuses.push((await fetch(`${base}${path}?${q}`, { redirect: "manual" })).status);
    }
    const bodies = ["", "grant_type=authorization_code", `grant_type=authorization_code&client_id=${clientId}&code=x`, `grant_type=refresh_token&client_id=${clientId}&refresh_token=x`, "grant_type=password", "%%%=%%%", `client_id=${clientId}&grant_type=client_credentials`];
    for (const body of bodies) {
      for (const path of ["/oauth2/token", "/oauth2/revoke", "/login"]) {
        statuses.push((await fetch(`${base}${path}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body })).status);
      }
    }
    statuses.push((await fetch(`${base}/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Basic !!!" }, body: "grant_type=client_credentials" })).status);
    statuses.push((await fetch(`${base}/oauth2/userInfo`, { headers: { authorization: "Bearer x.y.z" } })).status);
    statuses.push((await fetch(`${ctx.endpoint}/_aws/cognito/no-such-domain/oauth2/authorize`)).status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s >= 200)).toBe(true);
  });
});
