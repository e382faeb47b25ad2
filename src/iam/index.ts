/**
 * IAM (awsQuery, global per account): roles and their trust policies, inline role policies,
 * customer managed policies with versions, attachments, users and access keys. Policy documents
 * are checked as IAM checks them (MalformedPolicyDocument). IAM offers the RoleTrust port: STS and
 * Cognito identity pools ask it whether a role's trust policy lets a principal assume it.
 *
 * Gaps:
 * - Nothing enforces identity policies yet (`--enforce-iam` is not wired): the evaluator in
 *   `policy/` decides trust policies only.
 * - Groups, instance profiles, OIDC/SAML providers, policy
 *   version deletion and default switching, tagging operations, user deletion and
 *   access key listing are not implemented.
 * - AWS managed policies (`arn:aws:iam::aws:policy/...`) can be attached by ARN; their documents
 *   are not vendored.
 */
import { coralValidation } from "../core/models/index.js";
import { iamOperations } from "./operations/index.js";
import { createIamState, iamService } from "./state.js";
import { migrations } from "./store.js";
import { roleTrust } from "./trust.js";

export const service = iamService({
  name: "iam",
  migrations,
  apis: [
    {
      id: "iam",
      protocol: "awsQuery",
      endpointName: "iam",
      xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/",
      model: { service: "iam", style: coralValidation("ValidationError") },
      operations: iamOperations,
    },
  ],
  createState: (env) => createIamState(env),
  start(env, state) {
    env.ports.provide("RoleTrust", roleTrust(state));
  },
});
