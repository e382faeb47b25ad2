/**
 * The PrincipalPolicies port: IAM users' access keys, and the decision for one action of an
 * enforced request (`--enforce-iam`), as IAM makes it within one account: an explicit Deny in any
 * identity policy (a user's own and its groups'), permissions boundary or session policy wins; then the identity policies must
 * allow, and so must the boundary (when the principal has one) and a session policy (when the
 * session has any). Compiled (parsed) policies are kept per principal until IAM changes anything.
 */
import type { PolicyDecision, PrincipalPolicies, ResolvedCredentials } from "../core/ports.js";
import { parsePolicy, type PolicyDocument } from "./policy/document.js";
import { evaluate, type Decision } from "./policy/evaluate.js";
import type { RequestContextKeys } from "./policy/match.js";
import { findRole } from "./roles.js";
import type { CompiledPrincipal, IamState } from "./state.js";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;
const USER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):user\/(?:.*\/)?([\w+=,.@-]+)$/;

function parsed(text: string): PolicyDocument | undefined {
  try {
    return parsePolicy(text, "identity");
  } catch {
    return undefined;
  }
}

/** The default version's document of a customer managed policy (AWS managed ones are not vendored). */
function managedDocument(state: IamState, arn: string): string | undefined {
  const row = state.sql.policy.get(arn);
  if (!row) return undefined;
  const meta = JSON.parse(row.meta) as { DefaultVersionId: string };
  return state.sql.version.get(arn, meta.DefaultVersionId)?.document;
}

function compile(state: IamState, holderArn: string): CompiledPrincipal {
  const identity: PolicyDocument[] = [];
  let boundary: PolicyDocument | undefined;
  const role = ROLE_ARN.exec(holderArn);
  if (role) {
    const stored = findRole(state, role[1]!, role[2]!);
    if (stored && stored.Arn === holderArn) {
      for (const p of state.sql.rolePolicies.all(role[1]!, stored.RoleName, "", 10_000)) {
        const doc = parsed(p.document);
        if (doc) identity.push(doc);
      }
      for (const a of state.sql.attached.all(role[1]!, stored.RoleName, "", 10_000)) {
        const text = managedDocument(state, a.policy);
        const doc = text === undefined ? undefined : parsed(text);
        if (doc) identity.push(doc);
      }
      if (stored.PermissionsBoundary) {
        const text = managedDocument(state, stored.PermissionsBoundary);
        // A boundary whose document cannot be read allows nothing.
        boundary = (text === undefined ? undefined : parsed(text)) ?? { Statement: [] };
      }
    }
  }
  const user = USER_ARN.exec(holderArn);
  if (user) {
    for (const p of state.sql.userPolicies.all(user[1]!, user[2]!)) {
      const doc = parsed(p.document);
      if (doc) identity.push(doc);
    }
    // The user's groups' inline and attached policies are the user's too.
    for (const { grp } of state.sql.groupsOf.all(user[1]!, user[2]!)) {
      for (const p of state.sql.groupPolicies.all(user[1]!, grp)) {
        const doc = parsed(p.document);
        if (doc) identity.push(doc);
      }
      for (const a of state.sql.groupAttached.all(user[1]!, grp)) {
        const text = managedDocument(state, a.policy);
        const doc = text === undefined ? undefined : parsed(text);
        if (doc) identity.push(doc);
      }
    }
  }
  return { generation: state.generation, identity, ...(boundary ? { boundary } : {}) };
}

function compiledFor(state: IamState, holderArn: string): CompiledPrincipal {
  let c = state.compiled.get(holderArn);
  if (!c || c.generation !== state.generation) {
    if (state.compiled.size >= 10_000) state.compiled.clear();
    state.compiled.set(holderArn, (c = compile(state, holderArn)));
  }
  return c;
}

/** Session policies are immutable: parsed once per text. */
function sessionPolicy(state: IamState, text: string): PolicyDocument {
  let doc = state.sessionPolicies.get(text);
  if (!doc) {
    doc = parsed(text) ?? { Statement: [] };
    if (state.sessionPolicies.size >= 1024) state.sessionPolicies.clear();
    state.sessionPolicies.set(text, doc);
  }
  return doc;
}

export function decide(state: IamState, principal: ResolvedCredentials, action: string, resource: string, context: RequestContextKeys): PolicyDecision {
  const holder = principal.policyHolderArn ? compiledFor(state, principal.policyHolderArn) : { generation: 0, identity: [] };
  const request = { action, resource, context };
  const identity: Decision = evaluate(holder.identity, request).decision;
  if (identity === "ExplicitDeny") return { allowed: false, reason: "with an explicit deny in an identity-based policy" };
  const boundary: Decision | undefined = holder.boundary ? evaluate([holder.boundary], request).decision : undefined;
  if (boundary === "ExplicitDeny") return { allowed: false, reason: "with an explicit deny in a permissions boundary" };
  const sessions = principal.sessionPolicies?.length ? principal.sessionPolicies.map((text) => sessionPolicy(state, text)) : undefined;
  const session: Decision | undefined = sessions ? evaluate(sessions, request).decision : undefined;
  if (session === "ExplicitDeny") return { allowed: false, reason: "with an explicit deny in a session policy" };
  if (identity !== "Allow") return { allowed: false, reason: `because no identity-based policy allows the ${action} action` };
  if (boundary !== undefined && boundary !== "Allow") return { allowed: false, reason: `because no permissions boundary allows the ${action} action` };
  if (session !== undefined && session !== "Allow") return { allowed: false, reason: `because no session policy allows the ${action} action` };
  return { allowed: true };
}

export function principalPolicies(state: IamState): PrincipalPolicies {
  return {
    accessKey(accessKeyId) {
      // Every request signed with the key asks: looked up in SQLite once per IAM generation (any change moves it).
      const cached = state.accessKeys.get(accessKeyId);
      if (cached && cached.generation === state.generation) return cached.credentials;
      const credentials = activeKey(state, accessKeyId);
      if (state.accessKeys.size >= 10_000) state.accessKeys.clear();
      state.accessKeys.set(accessKeyId, { generation: state.generation, credentials });
      return credentials;
    },
    generation: () => state.generation,
    authorize: (principal, action, resource, context) => decide(state, principal, action, resource, context),
  };
}

function activeKey(state: IamState, accessKeyId: string): ResolvedCredentials | undefined {
  const key = state.sql.key.get(accessKeyId);
  if (!key || key.status !== "Active") return undefined;
  const row = state.sql.user.get(key.account, key.user);
  if (!row) return undefined;
  const user = JSON.parse(row.meta) as { Arn: string; UserId: string; UserName: string };
  return {
    accessKeyId,
    secretAccessKey: key.secret,
    account: key.account,
    principalArn: user.Arn,
    userId: user.UserId,
    policyHolderArn: user.Arn,
    contextKeys: { "aws:PrincipalArn": user.Arn, "aws:PrincipalAccount": key.account, "aws:PrincipalType": "User", "aws:userid": user.UserId, "aws:username": user.UserName },
  };
}
