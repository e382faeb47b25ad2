/**
 * Cognito user pools (`cognito-idp`, awsJson1_1, `AWSCognitoIdentityProviderService.*`): pools,
 * clients, users, groups, sign-up and confirmation, the auth flows with real SRP, MFA (TOTP, SMS and
 * email codes), Lambda triggers, RS256 tokens with per-pool keys and their JWKS, and the hosted
 * UI's OAuth2 endpoints. Implements the TokenIssuerKeys port.
 *
 * Gaps:
 * - Devices (ConfirmDevice, DEVICE_SRP_AUTH, remembered devices), WebAuthn/passkeys and the
 *   USER_AUTH choice-based flow, identity providers (SAML/OIDC/social federation), user import
 *   jobs, risk configuration/advanced security, UI customization, log delivery,
 *   managed login branding, terms; CustomSMSSender/CustomEmailSender triggers.
 * - Lockout timing is our choice (doubling from 1 s after 5 failures, up to 15 min): AWS does not
 *   publish its exact numbers. A timed-out trigger is not retried.
 * - Validation messages of semantic checks are AWS's where documented, our wording otherwise.
 *
 * By design:
 * - Nothing is sent: every message AWS would send (codes, invitations, MFA codes) is captured for
 *   `GET /_local/cognito/messages?userPoolId=&username=` (DELETE clears) and logged; the config's
 *   `cognito.code` fixes every code.
 * - `iss` is AWS's `https://cognito-idp.<region>.amazonaws.com/<poolId>` unless the config sets
 *   `cognito.issuer: "local"` (then `<endpoint>/<poolId>`, for OIDC discovery). JWKS and
 *   openid-configuration are served at `/<poolId>/.well-known/...` either way.
 * - The PASSWORD_VERIFIER's TIMESTAMP is checked for AWS's format only: clients sign with the wall
 *   clock while the server may run on a virtual one.
 * - Passwords are stored only as SRP verifiers (salt + g^x), USER_PASSWORD_AUTH included.
 */
import { coralValidation } from "../core/models/index.js";
import type { Jwks } from "../core/ports.js";
import { poolIdOfIssuer, wellKnown } from "./http/discovery.js";
import { handleHostedUi } from "./http/hosted-ui.js";
import { localMessages } from "./http/local-messages.js";
import { operations } from "./operations/index.js";
import { cognitoService, createState } from "./state.js";
import { migrations } from "./store.js";
import { issuerOf } from "./tokens.js";

export const service = cognitoService({
  name: "cognito-idp",
  createState: (env) => createState(env),
  migrations,
  apis: [
    {
      id: "cognito-idp",
      protocol: "awsJson1_1",
      endpointName: "cognito-idp",
      maxBodyBytes: 1024 * 1024,
      // AWS's model checks types and constraints first, in coral's words under Cognito's code.
      model: { service: "cognito-idp", style: coralValidation("InvalidParameterException") },
      operations,
    },
  ],
  start(env, state) {
    state.keys.warm();
    env.ports.provide("TokenIssuerKeys", {
      async getJwks(issuer: string): Promise<Jwks | undefined> {
        const poolId = poolIdOfIssuer(issuer);
        if (!poolId) return undefined;
        if (!state.cs.poolById.get(poolId)) return undefined;
        await state.keys.ensure(poolId);
        return { keys: state.keys.jwks(poolId).keys.map((k) => ({ ...k })) };
      },
    });
  },
  async handleHttp(req, ctx, state) {
    const known = await wellKnown(state, req.rawPath, (poolId) => issuerOf(ctx, poolId), ctx.endpoint);
    if (known) return known;
    const messages = localMessages(state, req);
    if (messages) return messages;
    return handleHostedUi(state, req, ctx);
  },
});
