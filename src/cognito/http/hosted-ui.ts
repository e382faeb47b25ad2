/**
 * The hosted UI's address forms: `http://<domain>.auth.<region>.localhost:<port>/...` (AWS's shape,
 * with `.localhost`) and `http://127.0.0.1:<port>/_aws/cognito/<domain>/...` (no DNS needed). The
 * domain is a pool's UserPoolDomain prefix (or the pool id itself, for pools without one). These
 * pages stay behind core's Host/Origin guard; forms carry CSRF tokens.
 */
import type { RequestContext } from "../../core/context.js";
import type { HttpRequest, HttpResponse } from "../../core/service.js";
import { parse, type Pool } from "../model.js";
import { authorize, login, logout } from "./login-page.js";
import { revoke, token, userInfo } from "./oauth-token.js";
import type { CognitoState } from "../state.js";

const HOST = /^([a-z0-9-]+)\.auth\.[a-z0-9-]+\.localhost(?::\d+)?$/;
const PATH = /^\/_aws\/cognito\/([A-Za-z0-9_-]+)(\/.*)?$/;

export interface HostedContext {
  pool: Pool;
  /** The hosted UI's base URL as the client reached it (for form actions and redirects). */
  base: string;
  req: HttpRequest;
  ctx: RequestContext;
  state: CognitoState;
}

export function oauthJson(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { "content-type": "application/json;charset=UTF-8", "cache-control": "no-store", pragma: "no-cache", ...headers }, body: JSON.stringify(body) };
}

export function redirect(location: string, headers: Record<string, string> = {}): HttpResponse {
  return { status: 302, headers: { location, "cache-control": "no-store", ...headers }, body: "" };
}

function poolFor(state: CognitoState, ctx: RequestContext, domainOrPool: string): Pool | undefined {
  const cs = state.cs;
  const domain = cs.domainByName.get(domainOrPool);
  const row = cs.poolById.get(domain ? domain.pool_id : domainOrPool);
  return row ? parse<Pool>(row.data) : undefined;
}

export async function handleHostedUi(state: CognitoState, req: HttpRequest, ctx: RequestContext): Promise<HttpResponse | undefined> {
  let name: string | undefined;
  let rest: string;
  let base: string;
  const byHost = HOST.exec(req.host);
  const byPath = PATH.exec(req.rawPath);
  if (byPath) {
    name = byPath[1]!;
    rest = byPath[2] ?? "/";
    base = `${ctx.endpoint}/_aws/cognito/${name}`;
  } else if (byHost) {
    name = byHost[1]!;
    rest = req.rawPath;
    base = ctx.endpoint;
  } else {
    return undefined;
  }
  const pool = poolFor(state, ctx, name);
  if (!pool) return { status: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: "No user pool has this domain." };
  const h: HostedContext = { pool, base, req, ctx, state };
  const route = `${req.method} ${rest.replace(/\/+$/, "") || "/"}`;
  switch (route) {
    case "GET /oauth2/authorize":
    case "GET /authorize":
      return authorize(h);
    case "GET /login":
    case "POST /login":
      return login(h);
    case "GET /logout":
      return logout(h);
    case "POST /oauth2/token":
      return token(h);
    case "GET /oauth2/userInfo":
    case "POST /oauth2/userInfo":
      return userInfo(h);
    case "POST /oauth2/revoke":
      return revoke(h);
    default:
      return { status: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Not found." };
  }
}
