/**
 * IAM (awsQuery, global per account): roles and their trust policies, inline role policies,
 * customer managed policies with versions, attachments, users and access keys. Policy documents
 * are checked as IAM checks them (MalformedPolicyDocument). IAM offers the RoleTrust port: STS and
 * Cognito identity pools ask it whether a role's trust policy lets a principal assume it; and the
 * PrincipalPolicies port: `--enforce-iam` asks it for IAM users' keys and for each decision
 * (identity policies ∩ boundary ∩ session policies, authorize.ts).
 *
 * Gaps:
 * - `--enforce-iam`: resource-based policies (bucket, queue, function policies), groups, SCPs and
 *   AWS managed policies' documents take no part in decisions; same-account requests only.
 * - Groups, instance profiles, OIDC/SAML providers, policy
 *   version deletion and default switching, tagging operations, user deletion and
 *   access key listing are not implemented.
 * - AWS managed policies (`arn:aws:iam::aws:policy/...`) can be attached by ARN; their documents
 *   are not vendored.
 */
import { coralValidation } from "../core/models/index.js";
import type { OperationDef } from "../core/service.js";
import { principalPolicies } from "./authorize.js";
import { iamOperations } from "./operations/index.js";
import { createIamState, iamService, type IamState } from "./state.js";
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
      operations: iamOperations.map(invalidatingCompiledPolicies),
    },
  ],
  createState: (env) => createIamState(env),
  start(env, state) {
    env.ports.provide("RoleTrust", roleTrust(state));
    env.ports.provide("PrincipalPolicies", principalPolicies(state));
  },
  afterRestore(_env, state) {
    state.generation++;
  },
});

/** Every operation that may change policies, attachments, roles or keys moves the generation (compiled policies are then rebuilt). */
function invalidatingCompiledPolicies(op: OperationDef<never, never>): OperationDef<never, never> {
  if (/^(Get|List)/.test(op.name)) return op;
  return {
    ...op,
    handle(input, ctx, state?: never) {
      const iam = state as unknown as IamState;
      iam.generation++;
      try {
        return op.handle(input, ctx, state);
      } finally {
        iam.generation++;
      }
    },
  };
}
