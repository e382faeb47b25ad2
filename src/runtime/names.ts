/**
 * Function names, partial and full ARNs, qualifiers: parsed here and nowhere else, with the
 * patterns AWS's model declares.
 */
import { validationErrors } from "./errors.js";

export const FUNCTION_NAME_PATTERN =
  "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
const FUNCTION_NAME_RE = new RegExp(`^${FUNCTION_NAME_PATTERN}$`);
const PLAIN_NAME_RE = /^[a-zA-Z0-9-_]{1,64}$/;

export interface FunctionRef {
  name: string;
  qualifier?: string;
  /** Region and account named in an ARN (checked against the caller's). */
  region?: string;
  accountId?: string;
}

/** Parses `name`, `name:qualifier`, `123456789012:function:name[:q]` or a full ARN. */
export function parseFunctionRef(value: unknown, member = "functionName"): FunctionRef {
  const s = typeof value === "string" ? value : "";
  const m = FUNCTION_NAME_RE.exec(s);
  if (!m || s.length > 170) {
    throw validationErrors([`Value '${s}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`]);
  }
  const name = m[7]!;
  const region = m[3]?.slice(0, -1);
  const accountId = m[5]?.slice(0, -1);
  // `name:qualifier` without `function:` is only a qualifier when the name is not an account id.
  return { name, qualifier: m[9], region, accountId };
}

export function isPlainName(s: string): boolean {
  return PLAIN_NAME_RE.test(s);
}

export const ALIAS_RE = /^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/;
