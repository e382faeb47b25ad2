/**
 * The POST policy of a browser-based upload: a base64 JSON document with an `expiration` and
 * `conditions` every form field must meet (exact match, `starts-with`, `content-length-range`).
 * Every form field but the signature, the file, the policy itself and `x-ignore-*` fields must be
 * named by a condition. Signatures are not verified (no request's signature is).
 */
import { AwsError } from "../core/errors.js";
import { s3Errors } from "./errors.js";

export interface PostPolicy {
  expiration: number;
  conditions: PolicyCondition[];
  /** Inclusive bounds from `content-length-range`, if any. */
  lengthRange?: { min: number; max: number };
}

type PolicyCondition = { kind: "eq" | "starts-with"; field: string; value: string; source: unknown };

/** Fields that never need a condition. */
const EXEMPT = new Set(["x-amz-signature", "file", "policy", "signature", "awsaccesskeyid"]);

const invalidPolicy = (detail: string): AwsError =>
  new AwsError("InvalidPolicyDocument", `Invalid Policy: ${detail}`, { status: 400 });

const denied = (detail: string): AwsError => new AwsError("AccessDenied", `Invalid according to Policy: ${detail}`, { status: 403 });

export function parsePolicy(base64: string): PostPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(base64, "base64").toString("utf8"));
  } catch {
    throw invalidPolicy("Invalid JSON.");
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw invalidPolicy("Invalid JSON.");
  const { expiration, conditions } = doc as { expiration?: unknown; conditions?: unknown };
  if (typeof expiration !== "string") throw invalidPolicy("Policy missing expiration.");
  const expires = Date.parse(expiration);
  if (Number.isNaN(expires)) throw invalidPolicy("Invalid 'expiration' value: '" + expiration + "'");
  if (!Array.isArray(conditions)) throw invalidPolicy("Policy missing conditions.");
  const policy: PostPolicy = { expiration: expires, conditions: [] };
  for (const c of conditions) {
    if (Array.isArray(c)) {
      const [op, a, b] = c as unknown[];
      const opName = typeof op === "string" ? op.toLowerCase() : "";
      if (opName === "content-length-range") {
        const min = Number(a);
        const max = Number(b);
        if (c.length !== 3 || !Number.isInteger(min) || !Number.isInteger(max)) throw invalidPolicy(`Invalid content-length-range condition: ${JSON.stringify(c)}`);
        policy.lengthRange = { min, max };
        continue;
      }
      if ((opName !== "eq" && opName !== "starts-with") || c.length !== 3 || typeof a !== "string" || !a.startsWith("$") || typeof b !== "string") {
        throw invalidPolicy(`Invalid Condition: ${JSON.stringify(c)}`);
      }
      policy.conditions.push({ kind: opName, field: a.slice(1).toLowerCase(), value: b, source: c });
    } else if (c && typeof c === "object") {
      const entries = Object.entries(c as Record<string, unknown>);
      if (entries.length !== 1 || typeof entries[0]![1] !== "string") throw invalidPolicy(`Invalid Condition: ${JSON.stringify(c)}`);
      const [field, value] = entries[0] as [string, string];
      policy.conditions.push({ kind: "eq", field: field.toLowerCase(), value, source: c });
    } else {
      throw invalidPolicy(`Invalid Condition: ${JSON.stringify(c)}`);
    }
  }
  return policy;
}

/** Checks the policy against the form's fields (names lower-cased) and the bucket, before the file is stored. */
export function checkPolicy(policy: PostPolicy, fields: Map<string, string>, bucket: string, now: number): void {
  if (now > policy.expiration) throw denied("Policy expired.");
  const values = new Map(fields);
  values.set("bucket", bucket);
  for (const c of policy.conditions) {
    const actual = values.get(c.field) ?? "";
    // starts-with "" matches anything, including an absent field.
    const ok = c.kind === "eq" ? actual === c.value : actual.startsWith(c.value);
    if (!ok) throw denied(`Policy Condition failed: ${conditionText(c.source)}`);
  }
  const named = new Set(policy.conditions.map((c) => c.field));
  for (const name of fields.keys()) {
    if (EXEMPT.has(name) || name.startsWith("x-ignore-") || named.has(name)) continue;
    throw denied(`Extra input fields: ${name}`);
  }
}

/** `content-length-range`, checked once the file's size is known. */
export function checkLength(policy: PostPolicy | undefined, size: number): void {
  const range = policy?.lengthRange;
  if (!range) return;
  if (size > range.max) throw s3Errors.entityTooLarge(size, range.max);
  if (size < range.min) throw s3Errors.entityTooSmall(size, range.min);
}

/** As S3 prints a failed condition: `["eq", "$key", "x"]`. */
function conditionText(source: unknown): string {
  if (Array.isArray(source)) return `[${source.map((v) => JSON.stringify(v)).join(", ")}]`;
  const [k, v] = Object.entries(source as Record<string, string>)[0]!;
  return `["eq", "$${k}", ${JSON.stringify(v)}]`;
}
