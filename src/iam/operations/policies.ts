/** Managed policies: CreatePolicy, GetPolicy, DeletePolicy, CreatePolicyVersion, GetPolicyVersion. */
import type {
  CreatePolicyRequest,
  CreatePolicyVersionRequest,
  DeletePolicyRequest,
  GetPolicyRequest,
  GetPolicyVersionRequest,
  ListPoliciesRequest,
  Policy,
  PolicyVersion,
} from "@aws-sdk/client-iam";
import { checkManagedPolicySize } from "../limits.js";
import { parsePolicy } from "../policy/document.js";
import { limitExceeded, loadPolicy, savePolicy, wirePolicy, type StoredPolicy } from "../policies.js";
import { afterMarker, alreadyExists, deleteConflict, encodedDocument, iamId, iamOperation, noSuchEntity, page } from "../state.js";

const MAX_VERSIONS = 5;

export const createPolicy = iamOperation<CreatePolicyRequest, { Policy: Policy }>({
  name: "CreatePolicy",
  handle(input, ctx, state) {
    parsePolicy(input.PolicyDocument!, "identity");
    checkManagedPolicySize(input.PolicyDocument!);
    const path = input.Path ?? "/";
    const arn = `arn:aws:iam::${ctx.accountId}:policy${path}${input.PolicyName}`;
    if (state.sql.policy.get(arn)) throw alreadyExists(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
    const now = ctx.clock.now();
    const policy: StoredPolicy = {
      PolicyName: input.PolicyName!,
      PolicyId: iamId("ANPA"),
      Arn: arn,
      Path: path,
      DefaultVersionId: "v1",
      nextVersion: 2,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      CreateDate: now,
      UpdateDate: now,
      ...(input.Tags?.length ? { Tags: input.Tags } : {}),
    };
    ctx.store.txn(() => {
      savePolicy(state, ctx.accountId, policy);
      state.sql.putVersion.run(arn, "v1", input.PolicyDocument!, now);
    });
    const { Description: _d, ...created } = wirePolicy(state, policy);
    return { Policy: created };
  },
});

export const getPolicy = iamOperation<GetPolicyRequest, { Policy: Policy }>({
  name: "GetPolicy",
  handle(input, _ctx, state) {
    return { Policy: wirePolicy(state, loadPolicy(state, input.PolicyArn!)) };
  },
});

export const deletePolicy = iamOperation<DeletePolicyRequest, Record<string, never>>({
  name: "DeletePolicy",
  handle(input, ctx, state) {
    const policy = loadPolicy(state, input.PolicyArn!);
    if ((state.sql.attachmentsOf.get(policy.Arn)?.n ?? 0) + (state.sql.groupAttachmentsOf.get(policy.Arn)?.n ?? 0) > 0) throw deleteConflict("Cannot delete a policy attached to entities.");
    if (state.sql.versions.all(policy.Arn).length > 1) throw deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
    ctx.store.txn(() => {
      state.sql.deletePolicy.run(policy.Arn);
      state.sql.deleteVersions.run(policy.Arn);
    });
    return {};
  },
});

export const createPolicyVersion = iamOperation<CreatePolicyVersionRequest, { PolicyVersion: PolicyVersion }>({
  name: "CreatePolicyVersion",
  handle(input, ctx, state) {
    const policy = loadPolicy(state, input.PolicyArn!);
    parsePolicy(input.PolicyDocument!, "identity");
    checkManagedPolicySize(input.PolicyDocument!);
    if (state.sql.versions.all(policy.Arn).length >= MAX_VERSIONS) throw limitExceeded(`A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`);
    const now = ctx.clock.now();
    const version = `v${policy.nextVersion}`;
    const isDefault = input.SetAsDefault === true;
    ctx.store.txn(() => {
      state.sql.putVersion.run(policy.Arn, version, input.PolicyDocument!, now);
      savePolicy(state, ctx.accountId, { ...policy, nextVersion: policy.nextVersion + 1, UpdateDate: now, ...(isDefault ? { DefaultVersionId: version } : {}) });
    });
    return { PolicyVersion: { VersionId: version, IsDefaultVersion: isDefault, CreateDate: new Date(now) } };
  },
});

export const getPolicyVersion = iamOperation<GetPolicyVersionRequest, { PolicyVersion: PolicyVersion }>({
  name: "GetPolicyVersion",
  handle(input, _ctx, state) {
    const policy = loadPolicy(state, input.PolicyArn!);
    const row = state.sql.version.get(policy.Arn, input.VersionId!);
    if (!row) throw noSuchEntity(`Policy ${policy.Arn} version ${input.VersionId} does not exist or is not attachable.`);
    return { PolicyVersion: { Document: encodedDocument(row.document), VersionId: row.version, IsDefaultVersion: row.version === policy.DefaultVersionId, CreateDate: new Date(row.created) } };
  },
});

/** Customer managed policies only: AWS managed policies are not vendored (Scope AWS lists none). */
export const listPolicies = iamOperation<ListPoliciesRequest, { Policies: Policy[]; IsTruncated: boolean; Marker?: string }>({
  name: "ListPolicies",
  handle(input, ctx, state) {
    const max = input.MaxItems ?? 100;
    if (input.Scope === "AWS") return { Policies: [], IsTruncated: false };
    const { items, ...rest } = page(state.sql.policies.all(ctx.accountId, afterMarker(input.Marker), max + 1), max, (r) => r.arn);
    const prefix = input.PathPrefix ?? "/";
    const policies = items.map((r) => JSON.parse(r.meta) as StoredPolicy).filter((p) => p.Path.startsWith(prefix));
    const wired = policies.map((p) => wirePolicy(state, p)).filter((p) => !input.OnlyAttached || (p.AttachmentCount ?? 0) > 0);
    // ListPolicies leaves out descriptions and tags, as IAM does.
    return { Policies: wired.map(({ Description: _d, Tags: _t, ...p }) => p), ...rest };
  },
});
