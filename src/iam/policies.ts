/** Managed policies as stored and as IAM answers them. */
import type { Policy, Tag } from "@aws-sdk/client-iam";
import { AwsError } from "../core/errors.js";
import { noSuchEntity, type IamState } from "./state.js";

export interface StoredPolicy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  /** The number the next version takes (v1, v2, ...). */
  nextVersion: number;
  Description?: string;
  CreateDate: number;
  UpdateDate: number;
  Tags?: Tag[];
}

/** AWS managed policies (`arn:aws:iam::aws:policy/...`) are not stored here. */
export function loadPolicy(state: IamState, arn: string): StoredPolicy {
  const row = state.sql.policy.get(arn);
  if (!row) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return JSON.parse(row.meta) as StoredPolicy;
}

export function savePolicy(state: IamState, account: string, policy: StoredPolicy): void {
  state.sql.putPolicy.run(policy.Arn, account, JSON.stringify(policy));
}

export function wirePolicy(state: IamState, policy: StoredPolicy): Policy {
  return {
    PolicyName: policy.PolicyName,
    PolicyId: policy.PolicyId,
    Arn: policy.Arn,
    Path: policy.Path,
    DefaultVersionId: policy.DefaultVersionId,
    AttachmentCount: state.sql.attachmentsOf.get(policy.Arn)?.n ?? 0,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(policy.Description !== undefined ? { Description: policy.Description } : {}),
    CreateDate: new Date(policy.CreateDate),
    UpdateDate: new Date(policy.UpdateDate),
    ...(policy.Tags?.length ? { Tags: policy.Tags } : {}),
  };
}

export function limitExceeded(message: string): AwsError {
  return new AwsError("LimitExceeded", message, { status: 409 });
}
