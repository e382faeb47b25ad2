/** The pool's PasswordPolicy, with AWS's messages ("Password did not conform with policy: ..."). */
import { errors } from "./errors.js";
import type { PasswordPolicy } from "./model.js";

export const DEFAULT_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** The first rule `password` breaks, as AWS words it, or undefined. */
export function policyViolation(policy: PasswordPolicy, password: string): string | undefined {
  if (password.length < policy.MinimumLength) return "Password not long enough";
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return "Password must have lowercase characters";
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return "Password must have uppercase characters";
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return "Password must have numeric characters";
  if (policy.RequireSymbols && !SYMBOLS.test(password)) return "Password must have symbol characters";
  return undefined;
}

export function checkPasswordShape(password: unknown, member = "password"): string {
  if (typeof password !== "string" || password.length === 0) {
    throw errors.invalidParameter(`1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  if (password.length > 256 || !/^[\S]+.*[\S]+$|^\S$/u.test(password)) {
    throw errors.invalidParameter(`1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$`);
  }
  return password;
}

export function enforcePolicy(policy: PasswordPolicy, password: string): void {
  const violation = policyViolation(policy, password);
  if (violation) throw errors.invalidPassword(`Password did not conform with policy: ${violation}`);
}
