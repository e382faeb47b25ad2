import {
  CognitoIdentityProviderClient,
  CreateResourceServerCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as oidc from "openid-client";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";
import { claims, createClient, createPool, createUser, PASSWORD } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "cognito-local-issuer-"));
writeFileSync(join(dir, "config.json"), JSON.stringify({ cognito: { issuer: "local" } }));
const ctx = useServer({ config: join(dir, "config.json") });
const cognito = () => ctx.client(CognitoIdentityProviderClient);
const REDIRECT = "http://localhost:3000/callback";

async function setup(domain: string) {
  const poolId = await createPool(cognito());
  await cognito().send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  const app = await createClient(cognito(), poolId, {
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["openid", "email", "profile"],
    CallbackURLs: [REDIRECT],
    LogoutURLs: ["http://localhost:3000/"],
    SupportedIdentityProviders: ["COGNITO"],
  });
  await createUser(cognito(), poolId, "web", { email: "web@example.com", email_verified: "true" });
  return { poolId, clientId: app.clientId };
}

/** What a browser does on the hosted UI: follow /authorize to /login, read the form, post it back. */
async function browserSignIn(authorizeUrl: URL, username: string, password: string): Promise<Response> {
  const toLogin = await fetch(authorizeUrl, { redirect: "manual" });
  expect(toLogin.status).toBe(302);
  const loginUrl = toLogin.headers.get("location")!;
  const page = await fetch(loginUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const cookie = page.headers.get("set-cookie")!.split(";")[0]!;
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, m[2]!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))));
  form.set("username", username);
  form.set("password", password);
  return fetch(loginUrl.split("?")[0]!, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie }, body: form });
}

describe("hosted UI", () => {
  it("runs the authorization code flow with PKCE through openid-client", async () => {
    const { poolId, clientId } = await setup("my-app");
    const described = await cognito().send(new DescribeUserPoolDomainCommand({ Domain: "my-app" }));
    expect(described.DomainDescription?.UserPoolId).toBe(poolId);
    const config = await oidc.discovery(new URL(`${ctx.endpoint}/${poolId}`), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    expect(config.serverMetadata().issuer).toBe(`${ctx.endpoint}/${poolId}`);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: "openid email",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
    });
    const wrong = await browserSignIn(url, "web", "Wrong-passw0rd");
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Incorrect username or password.");
    const done = await browserSignIn(url, "web", PASSWORD);
    expect(done.status).toBe(302);
    const callback = new URL(done.headers.get("location")!);
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get("state")).toBe(state);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.claims()?.["cognito:username"]).toBe("web");
    expect(claims(tokens.access_token).scope).toBe("openid email");
    const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(info).toMatchObject({ email: "web@example.com", username: "web" });
    // Codes are single-use.
    await expect(oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state })).rejects.toThrow();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(claims(refreshed.access_token).origin_jti).toBe(claims(tokens.access_token).origin_jti);

    // The browser's session cookie skips the form on the next /authorize, until /logout.
    const cookie = done.headers.get("set-cookie")!.split(";")[0]!;
    const again = await fetch(url, { redirect: "manual", headers: { cookie } });
    expect(again.status).toBe(302);
    expect(new URL(again.headers.get("location")!).searchParams.get("code")).toMatch(/\S+/);
    const base = `${ctx.endpoint}/_aws/cognito/my-app`;
    const out = await fetch(`${base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: "http://localhost:3000/" }).toString()}`, { redirect: "manual", headers: { cookie } });
    expect(out.headers.get("location")).toBe("http://localhost:3000/");
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    const forged = `${cookie.slice(0, cookie.indexOf("=") + 1)}${Buffer.from(JSON.stringify({ u: tokens.claims()!.sub, t: 1, e: 9e15 })).toString("base64url")}.AAAA`;
    expect(new URL((await fetch(url, { redirect: "manual", headers: { cookie: forged } })).headers.get("location")!).pathname).toMatch(/\/login$/);
  });

  it("refuses a wrong PKCE verifier, an unregistered redirect_uri and a forged form", async () => {
    const { clientId } = await setup("strict-app");
    const base = `${ctx.endpoint}/_aws/cognito/strict-app`;
    const challenge = await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier());
    const q = (redirect: string) => new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: redirect, code_challenge: challenge, code_challenge_method: "S256", scope: "openid" });
    const evil = await fetch(`${base}/oauth2/authorize?${q("https://evil.example/cb").toString()}`, { redirect: "manual" });
    expect(evil.status).toBe(400);
    expect(evil.headers.get("location")).toBeNull();
    const done = await browserSignIn(new URL(`${base}/oauth2/authorize?${q(REDIRECT).toString()}`), "web", PASSWORD);
    const code = new URL(done.headers.get("location")!).searchParams.get("code")!;
    const res = await fetch(`${base}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", client_id: clientId, code, redirect_uri: REDIRECT, code_verifier: oidc.randomPKCECodeVerifier() }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_grant" });
    const forged = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...Object.fromEntries(q(REDIRECT)), username: "web", password: PASSWORD, _csrf: "x.y" }),
    });
    expect(forged.status).toBe(400);
    expect(forged.headers.get("location")).toBeNull();
  });

  it("escapes what it echoes into the login page", async () => {
    const { clientId } = await setup("escape-app");
    const q = new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: REDIRECT, state: '"><script>alert(1)</script>' });
    const page = await fetch(`${ctx.endpoint}/_aws/cognito/escape-app/login?${q.toString()}`);
    const html = await page.text();
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;");
  });

  it("issues client_credentials tokens with custom scopes", async () => {
    const poolId = await createPool(cognito());
    await cognito().send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "machines" }));
    await cognito().send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: "orders", Name: "Orders", Scopes: [{ ScopeName: "read", ScopeDescription: "read" }, { ScopeName: "write", ScopeDescription: "write" }] }));
    const { clientId, secret } = await createClient(cognito(), poolId, { GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["client_credentials"], AllowedOAuthScopes: ["orders/read", "orders/write"] });
    const config = await oidc.discovery(new URL(`${ctx.endpoint}/${poolId}`), clientId, secret, oidc.ClientSecretBasic(secret!), { execute: [oidc.allowInsecureRequests] });
    const out = await oidc.clientCredentialsGrant(config, { scope: "orders/read" });
    const access = claims(out.access_token);
    expect(access).toMatchObject({ sub: clientId, client_id: clientId, token_use: "access", scope: "orders/read", iss: `${ctx.endpoint}/${poolId}` });
    const bad = await fetch(`${ctx.endpoint}/_aws/cognito/machines/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${clientId}:wrong`).toString("base64")}` },
      body: "grant_type=client_credentials",
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: "invalid_client" });
  });

  it("answers on the <domain>.auth.<region>.localhost host form too", async () => {
    const { clientId } = await setup("host-form");
    const port = new URL(ctx.endpoint).port;
    const status = await new Promise<number>((resolve, reject) => {
      const q = new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: REDIRECT });
      const req = request({ host: "127.0.0.1", port, path: `/login?${q.toString()}`, headers: { host: `host-form.auth.us-east-1.localhost:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it("serves the hosted UI and a pool's JWKS to pages of any site, as AWS does, but not the local message inbox", async () => {
    const { poolId, clientId } = await setup("cross-site");
    const crossSite = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
    const q = new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: REDIRECT });
    const login = await fetch(`${ctx.endpoint}/_aws/cognito/cross-site/login?${q.toString()}`, { headers: crossSite });
    expect(login.status).toBe(200);
    expect(await login.text()).toContain("<form");
    const jwks = await fetch(`${ctx.endpoint}/${poolId}/.well-known/jwks.json`, { headers: crossSite });
    expect(jwks.status).toBe(200);
    expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(2);
    const inbox = await fetch(`${ctx.endpoint}/_local/cognito/messages?userPoolId=${poolId}`, { headers: crossSite });
    expect(inbox.status).toBe(403);
    expect(await inbox.text()).toContain("origin https://evil.example");
  });
});
