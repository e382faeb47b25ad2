/** Evaluates a Lambda authorizer's IAM policy against the method ARN (explicit Deny wins). */

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Resource?: string | string[];
}

export function policyAllows(policy: unknown, methodArn: string): boolean {
  const statements = (policy as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  let allowed = false;
  for (const s of list) {
    if (!s || typeof s !== "object") continue;
    const actions = toList(s.Action);
    if (!actions.some((a) => matches(a, "execute-api:Invoke"))) continue;
    if (!toList(s.Resource).some((r) => matches(r, methodArn))) continue;
    if (String(s.Effect).toLowerCase() === "deny") return false;
    if (String(s.Effect).toLowerCase() === "allow") allowed = true;
  }
  return allowed;
}

function toList(v: string | string[] | undefined): string[] {
  return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
}

/** IAM wildcards: `*` any run of characters, `?` one character; case-sensitive. */
function matches(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(value);
}
