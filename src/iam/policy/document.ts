/**
 * Policy documents: parsed and checked as IAM checks them (MalformedPolicyDocument in its words),
 * normalised so that every element is a list. Identity policies need Action and Resource; trust
 * policies (a role's AssumeRolePolicyDocument) need Principal and forbid Resource.
 */
import { AwsError } from "../../core/errors.js";

export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  /** `*` or type (`AWS`, `Federated`, `Service`, `CanonicalUser`) → values. */
  Principal?: "*" | Record<string, string[]>;
  NotPrincipal?: "*" | Record<string, string[]>;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Statement: Statement[];
}

export type PolicyKind = "identity" | "trust";

const STATEMENT_KEYS = new Set(["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition"]);

export function malformed(message: string): AwsError {
  return new AwsError("MalformedPolicyDocument", message, { status: 400 });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringList(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string")) return v as string[];
  throw malformed("Syntax errors in policy.");
}

function principalOf(v: unknown): "*" | Record<string, string[]> {
  if (v === "*") return "*";
  if (!isRecord(v)) throw malformed("Invalid principal in policy");
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [type, values] of Object.entries(v)) {
    if (!["AWS", "Federated", "Service", "CanonicalUser"].includes(type)) throw malformed(`Invalid principal in policy: "${type}"`);
    out[type] = stringList(values);
  }
  return out;
}

function conditionOf(v: unknown): ConditionBlock {
  if (!isRecord(v)) throw malformed("Syntax errors in policy.");
  const out: ConditionBlock = Object.create(null) as ConditionBlock;
  for (const [operator, keys] of Object.entries(v)) {
    if (!isRecord(keys)) throw malformed("Syntax errors in policy.");
    const byKey: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const [key, values] of Object.entries(keys)) {
      const list = Array.isArray(values) ? values : [values];
      if (!list.every((x) => typeof x === "string" || typeof x === "number" || typeof x === "boolean")) throw malformed("Syntax errors in policy.");
      byKey[key] = list.map(String);
    }
    out[operator] = byKey;
  }
  return out;
}

function statementOf(raw: unknown, kind: PolicyKind): Statement {
  if (!isRecord(raw)) throw malformed("Syntax errors in policy.");
  for (const key of Object.keys(raw)) if (!STATEMENT_KEYS.has(key)) throw malformed("Syntax errors in policy.");
  if (raw.Effect === undefined) throw malformed("Missing required field Effect");
  if (raw.Effect !== "Allow" && raw.Effect !== "Deny") throw malformed(`Invalid effect: ${String(raw.Effect)}`);
  const st: Statement = { Effect: raw.Effect };
  if (raw.Sid !== undefined) {
    if (typeof raw.Sid !== "string") throw malformed("Syntax errors in policy.");
    if (!/^[0-9A-Za-z]*$/.test(raw.Sid)) throw malformed("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*");
    st.Sid = raw.Sid;
  }
  if (raw.Action !== undefined && raw.NotAction !== undefined) throw malformed("Syntax errors in policy.");
  if (raw.Action !== undefined) st.Action = stringList(raw.Action);
  else if (raw.NotAction !== undefined) st.NotAction = stringList(raw.NotAction);
  else throw malformed("Policy statement must contain actions.");
  for (const a of [...(st.Action ?? []), ...(st.NotAction ?? [])]) if (a !== "*" && !/^[A-Za-z0-9-]+:[A-Za-z0-9*?]*$/.test(a)) throw malformed(`Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.`);
  if (raw.Resource !== undefined) st.Resource = stringList(raw.Resource);
  if (raw.NotResource !== undefined) st.NotResource = stringList(raw.NotResource);
  if (raw.Principal !== undefined) st.Principal = principalOf(raw.Principal);
  if (raw.NotPrincipal !== undefined) st.NotPrincipal = principalOf(raw.NotPrincipal);
  if (raw.Condition !== undefined) st.Condition = conditionOf(raw.Condition);
  if (kind === "identity") {
    if (st.Principal || st.NotPrincipal) throw malformed("Policy document should not specify a principal.");
    if (!st.Resource && !st.NotResource) throw malformed("Policy statement must contain resources.");
  } else {
    if (st.Resource || st.NotResource) throw malformed("Has prohibited field Resource");
    if (!st.Principal && !st.NotPrincipal) throw malformed("Missing required field Principal");
  }
  return st;
}

/** Parses and checks a policy document (MalformedPolicyDocument when IAM would refuse it). */
export function parsePolicy(text: string, kind: PolicyKind): PolicyDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw malformed("This policy contains invalid Json");
  }
  if (!isRecord(raw)) throw malformed("Syntax errors in policy.");
  for (const key of Object.keys(raw)) if (!["Version", "Id", "Statement"].includes(key)) throw malformed("Syntax errors in policy.");
  if (raw.Version !== undefined && raw.Version !== "2012-10-17" && raw.Version !== "2008-10-17") throw malformed("The policy failed legacy parsing");
  if (raw.Statement === undefined) throw malformed("Syntax errors in policy.");
  const statements = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  return { ...(typeof raw.Version === "string" ? { Version: raw.Version } : {}), Statement: statements.map((s) => statementOf(s, kind)) };
}
