/**
 * IAM's size quotas, counted as IAM counts them (characters, whitespace excluded): a role's trust
 * policy 2,048, a managed policy 6,144, all inline policies of a role together 10,240.
 */
import { AwsError } from "../core/errors.js";

export const TRUST_POLICY_MAX = 2048;
export const MANAGED_POLICY_MAX = 6144;
export const ROLE_INLINE_MAX = 10240;

export function policySize(document: string): number {
  return document.replace(/\s/g, "").length;
}

function limitExceeded(message: string): AwsError {
  return new AwsError("LimitExceeded", message, { status: 409 });
}

export function checkTrustPolicySize(document: string): void {
  if (policySize(document) > TRUST_POLICY_MAX) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_MAX}`);
}

export function checkManagedPolicySize(document: string): void {
  if (policySize(document) > MANAGED_POLICY_MAX) throw limitExceeded(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_MAX}`);
}

/** `others`: the role's other inline policies' documents. */
export function checkInlinePolicySize(roleName: string, document: string, others: string[]): void {
  const total = others.reduce((n, d) => n + policySize(d), policySize(document));
  if (total > ROLE_INLINE_MAX) throw limitExceeded(`Maximum policy size of ${ROLE_INLINE_MAX} bytes exceeded for role ${roleName}`);
}
