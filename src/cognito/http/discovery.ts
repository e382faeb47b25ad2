/**
 * `/<poolId>/.well-known/jwks.json` and `/<poolId>/.well-known/openid-configuration`, unsigned, as
 * AWS serves them on `cognito-idp.<region>.amazonaws.com`; and the TokenIssuerKeys port (local
 * pools' keys for API Gateway authorizers and token verifiers, without network).
 */
import type { HttpResponse } from "../../core/service.js";
import type { CognitoState } from "../state.js";

export const WELL_KNOWN = /^\/([a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;

function json(status: number, body: unknown): HttpResponse {
  return { status, headers: { "content-type": "application/json", "access-control-allow-origin": "*" }, body: JSON.stringify(body) };
}

export async function wellKnown(state: CognitoState, path: string, issuer: (poolId: string) => string, endpoint: string): Promise<HttpResponse | undefined> {
  const m = WELL_KNOWN.exec(path);
  if (!m) return undefined;
  const poolId = m[1]!;
  const cs = state.cs;
  if (!cs.poolById.get(poolId)) return json(404, { message: `User pool ${poolId} does not exist.` });
  if (m[2] === "jwks.json") {
    await state.keys.ensure(poolId);
    return json(200, state.keys.jwks(poolId));
  }
  const iss = issuer(poolId);
  const domain = cs.domainOfPool.get(poolId)?.domain;
  const oauthBase = domain ? `${endpoint}/_aws/cognito/${domain}` : `${endpoint}/_aws/cognito/${poolId}`;
  return json(200, {
    authorization_endpoint: `${oauthBase}/oauth2/authorize`,
    end_session_endpoint: `${oauthBase}/logout`,
    id_token_signing_alg_values_supported: ["RS256"],
    issuer: iss,
    jwks_uri: `${endpoint}/${poolId}/.well-known/jwks.json`,
    response_types_supported: ["code", "token"],
    revocation_endpoint: `${oauthBase}/oauth2/revoke`,
    scopes_supported: ["openid", "email", "phone", "profile"],
    subject_types_supported: ["public"],
    token_endpoint: `${oauthBase}/oauth2/token`,
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    userinfo_endpoint: `${oauthBase}/oauth2/userInfo`,
  });
}

/** The pool an issuer names: AWS's `https://cognito-idp.<region>.amazonaws.com/<poolId>` or a local `http://host:port/<poolId>`. */
export function poolIdOfIssuer(issuer: string): string | undefined {
  const m = /^(?:https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com|https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?)\/([a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+)\/?$/.exec(issuer);
  return m?.[1];
}
