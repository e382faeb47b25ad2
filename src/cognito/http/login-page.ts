/**
 * The hosted UI's browser pages: /oauth2/authorize (checks the client, the exact redirect_uri, the
 * response type and scopes, then shows /login), the /login form (escaped, CSRF double-submit token
 * signed by the server), and /logout. A successful sign-in redirects with a single-use code and
 * leaves a signed session cookie (an hour), with which a later /authorize skips the form.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { HttpResponse } from "../../core/service.js";
import { errors } from "../errors.js";
import { newOpaque } from "../ids.js";
import { findUser, parse, poolName, saveUser, type Client, type User } from "../model.js";
import { checkPassword, safeEqualText } from "../srp.js";
import { redirect, type HostedContext } from "./hosted-ui.js";

const CSRF_KEY = randomBytes(32);
const SESSION_KEY = randomBytes(32);
const CODE_TTL_MS = 5 * 60_000;
/** The hosted UI remembers a signed-in browser for an hour, as AWS's session cookie does. */
const SSO_TTL_MS = 60 * 60_000;
const FIELDS = ["response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method", "nonce"] as const;

export interface AuthCodeGrant {
  poolId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  username: string;
  authTime: number;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
}

/** The registered redirect URI with parameters added (appended as text when it is not a URL `URL` parses, e.g. `myapp:cb`). */
function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  try {
    const url = new URL(uri);
    for (const [k, v] of entries) url.searchParams.set(k, v);
    return url.toString();
  } catch {
    return `${uri}${uri.includes("?") ? "&" : "?"}${new URLSearchParams(entries).toString()}`;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Signin</title></head><body>${body}</body></html>`;
  return {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-frame-options": "DENY",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      ...headers,
    },
    body: html,
  };
}

function errorPage(message: string): HttpResponse {
  return page(400, `<h1>An error was encountered with the requested page.</h1><p>${escapeHtml(message)}</p>`);
}

function csrfToken(): string {
  const nonce = randomBytes(16).toString("base64url");
  return `${nonce}.${createHmac("sha256", CSRF_KEY).update(nonce).digest("base64url")}`;
}

function csrfValid(token: string | undefined, cookie: string | undefined): boolean {
  if (!token || !cookie || !safeEqualText(token, cookie)) return false;
  const [nonce = "", mac = ""] = token.split(".");
  return safeEqualText(createHmac("sha256", CSRF_KEY).update(nonce).digest("base64url"), mac);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

interface Checked {
  client: Client;
  params: Record<string, string>;
  scopes: string[];
}

/** The authorize request's parameters, checked as AWS does; a bad client or redirect_uri never redirects. */
function checkRequest(h: HostedContext, params: Record<string, string>): Checked | HttpResponse {
  const row = params.client_id ? h.state.cs.clientById.get(params.client_id) : undefined;
  if (!row || row.pool_id !== h.pool.Id) return errorPage("invalid_request: client_id is missing or unknown.");
  const client = parse<Client>(row.data);
  if (!params.redirect_uri || !(client.CallbackURLs ?? []).includes(params.redirect_uri)) return errorPage("redirect_mismatch");
  const back = (error: string): HttpResponse => redirect(withQuery(params.redirect_uri!, { error, state: params.state }));
  if (!client.AllowedOAuthFlowsUserPoolClient || !(client.AllowedOAuthFlows ?? []).includes("code")) return back("unauthorized_client");
  if (params.response_type !== "code") return back("unsupported_response_type");
  const allowed = client.AllowedOAuthScopes ?? [];
  const scopes = params.scope ? params.scope.split(/\s+/).filter(Boolean) : allowed;
  if (scopes.some((s) => !allowed.includes(s))) return back("invalid_scope");
  if (params.code_challenge && (params.code_challenge_method ?? "plain") !== "S256") return back("invalid_request");
  return { client, params, scopes };
}

function paramsOf(source: URLSearchParams): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const f of FIELDS) {
    const v = source.get(f);
    if (v !== null && v.length <= 2048) out[f] = v;
  }
  return out;
}

function sessionCookieName(h: HostedContext): string {
  return `cognito-${h.pool.Id}`;
}

function sessionCookie(h: HostedContext, user: User, authTime: number): string {
  const payload = Buffer.from(JSON.stringify({ u: user.sub, t: authTime, e: h.ctx.clock.now() + SSO_TTL_MS })).toString("base64url");
  const mac = createHmac("sha256", SESSION_KEY).update(`${h.pool.Id}.${payload}`).digest("base64url");
  return `${sessionCookieName(h)}=${payload}.${mac}; Path=/; HttpOnly; SameSite=Lax`;
}

/** The user a valid session cookie names (signed by this server, not expired, user still enabled). */
function sessionUser(h: HostedContext): { user: User; authTime: number } | undefined {
  const value = cookieValue(h.req.headers.cookie, sessionCookieName(h));
  const [payload = "", mac = ""] = (value ?? "").split(".");
  if (!payload || !safeEqualText(createHmac("sha256", SESSION_KEY).update(`${h.pool.Id}.${payload}`).digest("base64url"), mac)) return undefined;
  let session: { u?: unknown; t?: unknown; e?: unknown };
  try {
    session = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof session;
  } catch {
    return undefined;
  }
  if (typeof session.e !== "number" || session.e <= h.ctx.clock.now() || typeof session.u !== "string" || typeof session.t !== "number") return undefined;
  const row = h.state.cs.userBySub.get(h.pool.Id, session.u);
  const user = row ? parse<User>(row.data) : undefined;
  return user && user.Enabled && user.UserStatus === "CONFIRMED" ? { user, authTime: session.t } : undefined;
}

/** Issues the single-use code and redirects back to the client. */
function grantCode(h: HostedContext, checked: Checked, user: User, authTime: number, headers: Record<string, string> = {}): HttpResponse {
  const code = newOpaque(24);
  const grant: AuthCodeGrant = {
    poolId: h.pool.Id,
    clientId: checked.client.ClientId,
    redirectUri: checked.params.redirect_uri!,
    scopes: checked.scopes,
    username: user.Username,
    authTime,
    codeChallenge: checked.params.code_challenge,
    codeChallengeMethod: checked.params.code_challenge_method,
    nonce: checked.params.nonce,
  };
  h.state.cs.putAuthCode.run(code, h.ctx.clock.now() + CODE_TTL_MS, JSON.stringify(grant));
  return redirect(withQuery(grant.redirectUri, { code, state: checked.params.state }), headers);
}

export function authorize(h: HostedContext): HttpResponse {
  const checked = checkRequest(h, paramsOf(h.req.query));
  if ("status" in checked) return checked;
  const signedIn = h.req.query.get("prompt") === "login" ? undefined : sessionUser(h);
  if (signedIn) return grantCode(h, checked, signedIn.user, signedIn.authTime);
  const query = new URLSearchParams(Object.entries(checked.params)).toString();
  return redirect(`${h.base}/login?${query}`);
}

function loginForm(h: HostedContext, params: Record<string, string>, message?: string): HttpResponse {
  const csrf = csrfToken();
  const hidden = Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");
  const body =
    `<h1>Sign in</h1>${message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : ""}` +
    `<form method="post" action="${escapeHtml(`${h.base}/login`)}">${hidden}<input type="hidden" name="_csrf" value="${csrf}">` +
    `<label>Username <input name="username" autocomplete="username"></label>` +
    `<label>Password <input name="password" type="password" autocomplete="current-password"></label>` +
    `<button type="submit" name="signInSubmitButton">Sign in</button></form>`;
  return page(message ? 400 : 200, body, { "set-cookie": `XSRF-TOKEN=${csrf}; Path=/; HttpOnly; SameSite=Lax` });
}

export async function login(h: HostedContext): Promise<HttpResponse> {
  if (h.req.method === "GET") {
    const checked = checkRequest(h, paramsOf(h.req.query));
    if ("status" in checked) return checked;
    return loginForm(h, checked.params);
  }
  const body = await h.req.readBody(64 * 1024, () => errors.invalidParameter("Request body too large.")).catch(() => undefined);
  if (!body) return errorPage("invalid_request");
  const form = new URLSearchParams(body.toString("utf8"));
  const checked = checkRequest(h, paramsOf(form));
  if ("status" in checked) return checked;
  if (!csrfValid(form.get("_csrf") ?? undefined, cookieValue(h.req.headers.cookie, "XSRF-TOKEN"))) return errorPage("invalid_request: CSRF token mismatch.");
  const username = form.get("username") ?? "";
  const password = form.get("password") ?? "";
  const user = username ? findUser(h.state, h.pool, username) : undefined;
  const problem = signInProblem(h, user, password);
  if (problem || !user) return loginForm(h, checked.params, problem ?? "Incorrect username or password.");
  const authTime = Math.floor(h.ctx.clock.now() / 1000);
  return grantCode(h, checked, user, authTime, { "set-cookie": sessionCookie(h, user, authTime) });
}

/** Why this sign-in fails, in the hosted UI's words (undefined: it succeeds). */
function signInProblem(h: HostedContext, user: User | undefined, password: string): string | undefined {
  if (!user || !user.password) return "Incorrect username or password.";
  if (!user.Enabled) return "User is disabled.";
  if (user.lockedUntil !== undefined && user.lockedUntil > h.ctx.clock.now()) return "Password attempts exceeded";
  if (!checkPassword(poolName(h.pool), user.Username, password, user.password)) {
    user.failedAttempts += 1;
    saveUser(h.state, h.pool, user, user.UserLastModifiedDate);
    return "Incorrect username or password.";
  }
  if (user.UserStatus === "UNCONFIRMED") return "User is not confirmed.";
  if (user.UserStatus !== "CONFIRMED") return "This account needs a new password: sign in through the API (NEW_PASSWORD_REQUIRED) first.";
  if (h.pool.MfaConfiguration !== "OFF" && (user.mfa.totpEnabled || user.mfa.smsEnabled || user.mfa.emailEnabled || h.pool.MfaConfiguration === "ON")) {
    return "Multi-factor sign-in is not available in the local hosted UI; use the API's MFA challenges.";
  }
  user.failedAttempts = 0;
  saveUser(h.state, h.pool, user, user.UserLastModifiedDate);
  return undefined;
}

export function logout(h: HostedContext): HttpResponse {
  const q = h.req.query;
  const row = h.state.cs.clientById.get(q.get("client_id") ?? "");
  if (!row || row.pool_id !== h.pool.Id) return errorPage("invalid_request: client_id is missing or unknown.");
  const client = parse<Client>(row.data);
  const target = q.get("logout_uri") ?? q.get("redirect_uri") ?? "";
  const allowed = q.get("logout_uri") !== null ? (client.LogoutURLs ?? []) : (client.CallbackURLs ?? []);
  if (!allowed.includes(target)) return errorPage("redirect_mismatch");
  return redirect(target, { "set-cookie": `${sessionCookieName(h)}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax` });
}
