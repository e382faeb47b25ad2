/**
 * What a service declares so that `--enforce-iam` can authorize its requests: for each operation,
 * the IAM actions it needs, on which resource ARNs, with which service condition keys. A service
 * offers it through its manifest (`ServiceManifest.authorization`), in a file of its own.
 */
import type { RequestContext } from "../context.js";
import type { AwsError } from "../errors.js";

export type ConditionValues = Record<string, string | string[]>;

/** One permission a request needs: all of a request's targets must be allowed. */
export interface AuthorizationTarget {
  /** `dynamodb:GetItem`, `s3:ListBucket` (AWS's action names, which may differ from operation names). */
  action: string;
  /** The resource ARN, or `*` for actions without resource-level permissions. */
  resource: string;
  /** Service condition keys (`dynamodb:LeadingKeys`, `s3:prefix`, ...). */
  context?: ConditionValues;
}

export interface AuthorizationQuery {
  /** The API's id (`sqs-json`, `sns`, ...). */
  api: string;
  operation: string;
  /** The decoded input (after the model's validation). */
  input: Record<string, unknown>;
  accountId: string;
  region: string;
  /** The service's own state (`ServiceDef.createState`). */
  state: unknown;
  /** The request's context (for services that find their state through it). */
  ctx: RequestContext;
}

export interface ServiceAuthorization {
  /** The request's permissions; undefined when the operation is not authorized (signature only). */
  targets(query: AuthorizationQuery): AuthorizationTarget[] | undefined;
  /** The service's access-denied error for this message (default: by protocol, see core/auth/errors.ts). */
  accessDenied?(api: string, message: string): AwsError | undefined;
  /** How the action is spelled in denial messages, when the service spells it its own way (SNS: `SNS:Publish`). */
  actionInMessage?(api: string, action: string): string;
  /** How the resource is written in denial messages (S3 quotes it). */
  resourceInMessage?(api: string, resource: string): string;
}
