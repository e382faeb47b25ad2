/**
 * GetOpenIdTokenForDeveloperIdentity: a backend (signed with the pool account's credentials) names
 * its user under the pool's DeveloperProviderName; the identity is found or created for that user
 * and an OpenID token returned, which the app then trades with GetCredentialsForIdentity
 * (`Logins: { "cognito-identity.amazonaws.com": token }`).
 */
import type { GetOpenIdTokenForDeveloperIdentityInput, GetOpenIdTokenForDeveloperIdentityResponse } from "@aws-sdk/client-cognito-identity";
import { AwsError } from "../../core/errors.js";
import { identityFor, loadIdentity } from "../identities.js";
import { verifyLogins, type VerifiedLogin } from "../logins.js";
import { openIdToken } from "../openid.js";
import { loadPool } from "../pool.js";
import { identityOperation } from "../state.js";

export const getOpenIdTokenForDeveloperIdentity = identityOperation<GetOpenIdTokenForDeveloperIdentityInput, GetOpenIdTokenForDeveloperIdentityResponse>({
  name: "GetOpenIdTokenForDeveloperIdentity",
  async handle(input, ctx, state) {
    const pool = loadPool(ctx, state, input.IdentityPoolId!);
    const developer = pool.DeveloperProviderName;
    const logins = input.Logins ?? {};
    if (!developer || !Object.prototype.hasOwnProperty.call(logins, developer)) {
      throw new AwsError("NotAuthorizedException", "Invalid login token. Developer provider name does not match the identity pool's developer provider name.");
    }
    const { [developer]: userIdentifier, ...others } = logins;
    const verified: VerifiedLogin[] = [{ provider: developer, subject: userIdentifier!, claims: {} }, ...(await verifyLogins(ctx, state, pool, others))];
    const identity = input.IdentityId ? loadIdentity(state, input.IdentityId) : identityFor(ctx, state, pool, verified);
    const amr = ["authenticated", developer, `${developer}:${pool.IdentityPoolId}:${userIdentifier}`];
    const ttl = input.TokenDuration ?? 900;
    return { IdentityId: identity.IdentityId, Token: await openIdToken(state, ctx.clock.now(), identity.IdentityId, pool.IdentityPoolId, amr, ttl) };
  },
});
