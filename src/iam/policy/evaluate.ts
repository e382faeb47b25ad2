/**
 * The evaluation of policies for one request, as IAM does it: an explicit Deny in any policy wins,
 * then an Allow, else the request is implicitly denied. Actions match case-insensitively with
 * wildcards; resources case-sensitively with wildcards and (Version 2012-10-17) policy variables.
 */
import { conditionsHold } from "./conditions.js";
import type { PolicyDocument, Statement } from "./document.js";
import { substitute, wildcardMatch, type RequestContextKeys } from "./match.js";

export interface AuthorizationRequest {
  /** `dynamodb:GetItem`. */
  action: string;
  /** The resource ARN (omitted for trust policies). */
  resource?: string;
  /** Who asks (trust policies): principal type → the values they are known by. */
  principal?: Record<string, string[]>;
  context: RequestContextKeys;
}

export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny";

export interface Evaluation {
  decision: Decision;
  /** The statement that decided (the Deny, or the first Allow). */
  statement?: Statement;
}

function actionMatches(st: Statement, action: string): boolean {
  if (st.Action) return st.Action.some((a) => wildcardMatch(a, action, true));
  if (st.NotAction) return !st.NotAction.some((a) => wildcardMatch(a, action, true));
  return false;
}

function resourceMatches(st: Statement, resource: string | undefined, context: RequestContextKeys, variables: boolean): boolean {
  if (resource === undefined) return !st.Resource && !st.NotResource;
  const matches = (pattern: string): boolean => {
    const p = variables ? substitute(pattern, context) : pattern;
    return p !== undefined && wildcardMatch(p, resource);
  };
  if (st.Resource) return st.Resource.some(matches);
  if (st.NotResource) return !st.NotResource.some(matches);
  return false;
}

function principalListMatches(policy: "*" | Record<string, string[]>, principal: Record<string, string[]> | undefined): boolean {
  if (policy === "*") return true;
  for (const [type, patterns] of Object.entries(policy)) {
    const known = principal?.[type] ?? [];
    if (patterns.some((p) => p === "*" || known.includes(p))) return true;
  }
  return false;
}

function principalMatches(st: Statement, principal: Record<string, string[]> | undefined): boolean {
  if (st.Principal) return principalListMatches(st.Principal, principal);
  if (st.NotPrincipal) return !principalListMatches(st.NotPrincipal, principal);
  return true;
}

function statementApplies(st: Statement, request: AuthorizationRequest, variables: boolean): boolean {
  return (
    actionMatches(st, request.action) &&
    resourceMatches(st, request.resource, request.context, variables) &&
    principalMatches(st, request.principal) &&
    conditionsHold(st.Condition, request.context, variables)
  );
}

/** Evaluates a set of policies of one kind (identity policies, or a trust policy). */
export function evaluate(policies: PolicyDocument[], request: AuthorizationRequest): Evaluation {
  let allow: Statement | undefined;
  for (const policy of policies) {
    const variables = policy.Version === "2012-10-17";
    for (const st of policy.Statement) {
      if (!statementApplies(st, request, variables)) continue;
      if (st.Effect === "Deny") return { decision: "ExplicitDeny", statement: st };
      allow ??= st;
    }
  }
  return allow ? { decision: "Allow", statement: allow } : { decision: "ImplicitDeny" };
}
