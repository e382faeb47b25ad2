/**
 * /oauth2/token (authorization_code with PKCE, refresh_token, client_credentials), /oauth2/userInfo
 * and /oauth2/revoke, with OAuth's JSON errors. Client secrets come by Basic auth or in the form,
 * compared in constant time.
 */
import { createHash } from "node:crypto";
import { AwsError } from "../../core/errors.js";
import type { HttpResponse } from "../../core/service.js";
import { clientAllows } from "../attributes.js";
import { errors } from "../errors.js";
import { refreshTokens } from "../auth/initiate.js";
import { findUser, parse, type Client, type Json } from "../model.js";
import { safeEqualText } from "../srp.js";
import { hashToken, issueClientToken, issueTokens, verifyAccessToken } from "../tokens.js";
import { oauthJson, type HostedContext } from "./hosted-ui.js";
import type { AuthCodeGrant } from "./login-page.js";

const oauthError = (error: string, status = 400): HttpResponse => oauthJson(status, { error }, status === 401 ? { "www-authenticate": 'Basic realm="cognito"' } : {});

async function form(h: HostedContext): Promise<URLSearchParams | undefined> {
  if (!(h.req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return undefined;
  const body = await h.req.readBody(64 * 1024, () => errors.invalidParameter("Request body too large.")).catch(() => undefined);
  return body ? new URLSearchParams(body.toString("utf8")) : undefined;
}

/** The calling client: Basic credentials or client_id (+ client_secret) in the form; undefined when it fails to authenticate. */
function authenticate(h: HostedContext, f: URLSearchParams): Client | undefined {
  let id = f.get("client_id") ?? undefined;
  let secret = f.get("client_secret") ?? undefined;
  const auth = h.req.headers.authorization;
  if (auth?.startsWith("Basic ")) {
    const decoded = Buffer.from(auth.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    id = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  const row = id ? h.state.cs.clientById.get(id) : undefined;
  if (!row || row.pool_id !== h.pool.Id) return undefined;
  const client = parse<Client>(row.data);
  if (client.ClientSecret && (secret === undefined || !safeEqualText(client.ClientSecret, secret))) return undefined;
  return client;
}

function pkceMatches(grant: AuthCodeGrant, verifier: string | null): boolean {
  if (!grant.codeChallenge) return true;
  if (!verifier || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  return safeEqualText(createHash("sha256").update(verifier).digest("base64url"), grant.codeChallenge);
}

function wire(result: { AccessToken: string; IdToken: string; RefreshToken?: string; ExpiresIn: number }, withId: boolean): Json {
  const out: Json = { access_token: result.AccessToken, expires_in: result.ExpiresIn, token_type: "Bearer" };
  if (withId) out.id_token = result.IdToken;
  if (result.RefreshToken) out.refresh_token = result.RefreshToken;
  return out;
}

export async function token(h: HostedContext): Promise<HttpResponse> {
  const f = await form(h);
  if (!f) return oauthError("invalid_request");
  const client = authenticate(h, f);
  if (!client) return oauthError("invalid_client", 401);
  const grantType = f.get("grant_type");
  try {
    if (grantType === "authorization_code") {
      const code = f.get("code") ?? "";
      const cs = h.state.cs;
      const row = cs.authCode.get(code);
      if (!row) return oauthError("invalid_grant");
      cs.deleteAuthCode.run(code);
      const grant = parse<AuthCodeGrant>(row.data);
      if (row.expires <= h.ctx.clock.now() || grant.clientId !== client.ClientId || grant.redirectUri !== f.get("redirect_uri") || !pkceMatches(grant, f.get("code_verifier"))) {
        return oauthError("invalid_grant");
      }
      const user = findUser(h.state, h.pool, grant.username);
      if (!user || !user.Enabled) return oauthError("invalid_grant");
      const result = await issueTokens(h.state, h.ctx, h.pool, client, user, { triggerSource: "TokenGeneration_HostedAuth", authTime: grant.authTime, withRefresh: true, scopes: grant.scopes, nonce: grant.nonce, atHash: true });
      return oauthJson(200, wire(result, grant.scopes.includes("openid")));
    }
    if (grantType === "refresh_token") {
      if (!(client.AllowedOAuthFlows ?? []).includes("code")) return oauthError("unauthorized_client");
      const result = await refreshTokens(h.state, h.ctx, h.pool, { ...client, ClientSecret: undefined }, { REFRESH_TOKEN: f.get("refresh_token") ?? "" }, {});
      return oauthJson(200, wire(result, true));
    }
    if (grantType === "client_credentials") {
      if (!client.ClientSecret || !(client.AllowedOAuthFlows ?? []).includes("client_credentials")) return oauthError("unauthorized_client");
      const allowed = (client.AllowedOAuthScopes ?? []).filter((s) => s.includes("/"));
      const asked = f.get("scope");
      const scopes = asked ? asked.split(/\s+/).filter(Boolean) : allowed;
      if (scopes.length === 0 || scopes.some((s) => !allowed.includes(s))) return oauthError("invalid_scope");
      return oauthJson(200, await issueClientToken(h.state, h.ctx, h.pool, client, scopes));
    }
  } catch (err) {
    // A trigger's refusal or a revoked/expired refresh token: OAuth's answer, not a fault.
    if (err instanceof AwsError) return oauthError(err.code === "NotAuthorizedException" ? "invalid_grant" : "invalid_request");
    throw err;
  }
  return oauthError("unsupported_grant_type");
}

export function userInfo(h: HostedContext): HttpResponse {
  const auth = h.req.headers.authorization ?? "";
  const bearer = auth.startsWith("Bearer ") ? auth.slice(7).trim() : "";
  const refuse = (): HttpResponse => oauthJson(401, { error: "invalid_token", error_description: "Access token is expired, disabled, or deleted, or the user has globally signed out." }, { "www-authenticate": 'Bearer error="invalid_token"' });
  let verified;
  try {
    verified = verifyAccessToken(h.state, h.ctx, bearer);
  } catch {
    return refuse();
  }
  const scopes = String(verified.claims.scope ?? "").split(" ");
  if (verified.pool.Id !== h.pool.Id || (!scopes.includes("openid") && !scopes.includes("aws.cognito.signin.user.admin"))) return refuse();
  const row = h.state.cs.clientById.get(String(verified.claims.client_id ?? ""));
  const client = row ? parse<Client>(row.data) : undefined;
  const out: Json = {};
  for (const [k, v] of Object.entries(verified.user.Attributes)) if (k === "sub" || clientAllows(client, k, "read")) out[k] = v;
  out.username = verified.user.Username;
  return oauthJson(200, out);
}

export async function revoke(h: HostedContext): Promise<HttpResponse> {
  const f = await form(h);
  if (!f) return oauthError("invalid_request");
  const client = authenticate(h, f);
  if (!client) return oauthError("invalid_client", 401);
  const cs = h.state.cs;
  const row = cs.refreshByHash.get(hashToken(f.get("token") ?? ""));
  if (row && row.client_id === client.ClientId) {
    h.ctx.store.txn(() => {
      cs.revokeRefresh.run(row.token_hash);
      cs.revokeJti.run(row.origin_jti, row.expires);
    });
  }
  return { status: 200, headers: { "cache-control": "no-store" }, body: "" };
}
