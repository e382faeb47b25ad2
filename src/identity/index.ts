/**
 * Cognito identity pools (awsJson1_1, `AWSCognitoIdentityService.*`) and STS (awsQuery): pools and
 * their roles, identities per login, temporary credentials (ASIA keys, 1 h on the clock) kept in
 * SQLite so later requests can be attributed to them (GetCallerIdentity) and, under
 * `--enforce-iam`, verified and authorized: the CredentialResolver port (resolver.ts) and the
 * RequestAuthenticator port (core/auth's verifier, for API Gateway and function URLs) are offered here.
 *
 * Gaps:
 * - Only the enhanced (simplified) flow's role choice is modelled; LookupDeveloperIdentity,
 *   Merge/Unlink, identity pool tags operations and SAML are not implemented.
 * - Tokens of providers other than local Cognito user pools cannot be verified offline: GetId accepts
 *   them when the pool lists the provider, keyed by their `sub`. AssumeRoleWithWebIdentity accepts only
 *   Cognito Identity's own tokens and local user pools' tokens.
 * - AssumeRole's PolicyArns and session tags are accepted and not kept (its Policy is kept and
 *   applied under --enforce-iam).
 *
 * By design:
 * - Roles and their trust policies are IAM's (RoleTrust port): a role must exist and trust the
 *   caller, as on AWS.
 */
import { requestAuthenticator } from "../core/auth/authenticator.js";
import { coralValidation } from "../core/models/index.js";
import { credentialResolver } from "./resolver.js";
import { migrations } from "./store.js";
import { identityOperations, stsOperations } from "./operations/index.js";
import { createIdentityState, identityService } from "./state.js";

export const service = identityService({
  name: "cognito-identity",
  migrations,
  apis: [
    {
      id: "cognito-identity",
      protocol: "awsJson1_1",
      endpointName: "cognito-identity",
      // Cognito Identity answers constraint violations as coral's ValidationException (not InvalidParameterException).
      model: { service: "cognito-identity", style: coralValidation() },
      operations: identityOperations,
    },
    {
      id: "sts",
      protocol: "awsQuery",
      endpointName: "sts",
      xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/",
      model: { service: "sts", style: coralValidation("ValidationError") },
      operations: stsOperations,
    },
  ],
  createState: (env) => createIdentityState(env),
  start(env, state) {
    env.ports.provide("CredentialResolver", credentialResolver(state));
    env.ports.provide("RequestAuthenticator", requestAuthenticator(env));
  },
  afterRestore(_env, state) {
    state.resolved.clear();
  },
});
