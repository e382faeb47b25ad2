/**
 * Requests without credentials (no signature, no presigned URL, no signed POST policy). On AWS
 * such a request is served only when the bucket policy allows it for Principal "*" (and an
 * explicit Deny refuses it); anything else is 403 AccessDenied, and a missing key reads as
 * AccessDenied unless s3:ListBucket is allowed too.
 *
 * Judged only with `--enforce-iam on|strict`: by default local-aws serves unsigned requests as
 * signed ones (curl, browsers and `--no-sign-request` against a fresh bucket keep working, as
 * they always have here), the same way it takes any credentials.
 */
import type { S3Ctx } from "./state.js";
import { AwsError } from "../core/errors.js";
import { findBucket, getConfig } from "./buckets.js";
import { s3Authorization } from "./iam-authorization.js";
import { evaluateAnonymous, statementsOf, type RequestValues } from "./policy-eval.js";

export interface AccessInput {
  Bucket?: string;
  Key?: string;
  VersionId?: string;
  Prefix?: string;
  Referer?: string;
}

export function accessDenied(): AwsError {
  return new AwsError("AccessDenied", "Access Denied", { status: 403 });
}

/** Whether this server judges unsigned requests by bucket policies (`--enforce-iam on|strict`). */
export function judgesAnonymous(ctx: S3Ctx): boolean {
  const mode = (ctx.settings as { enforceIam?: string }).enforceIam;
  return mode === "on" || mode === "strict";
}

function values(ctx: S3Ctx, input: AccessInput, context?: Record<string, string | string[]>): RequestValues {
  const out: RequestValues = {
    "aws:securetransport": ctx.endpoint.startsWith("https:") ? "true" : "false",
    "aws:referer": input.Referer,
  };
  for (const [k, v] of Object.entries(context ?? {})) out[k.toLowerCase()] = Array.isArray(v) ? v[0] : v;
  return out;
}

/** The verdict of the bucket policy the resource ARN names (`arn:aws:s3:::bucket[/key]`). */
function verdictOn(ctx: S3Ctx, action: string, resource: string, vals: RequestValues): "allow" | "deny" | "none" {
  const path = resource.startsWith("arn:aws:s3:::") ? resource.slice("arn:aws:s3:::".length) : "";
  const slash = path.indexOf("/");
  const bucket = slash < 0 ? path : path.slice(0, slash);
  if (!bucket || !findBucket(ctx, bucket)) return "none";
  return evaluateAnonymous(statementsOf(getConfig<string>(ctx, bucket, "policy")), action, resource, vals);
}

/** The policy's verdict on an anonymous request for `action` on the bucket or one of its keys. */
export function anonymousVerdict(ctx: S3Ctx, bucket: string, key: string | undefined, action: string, input: AccessInput): "allow" | "deny" | "none" {
  const resource = key === undefined ? `arn:aws:s3:::${bucket}` : `arn:aws:s3:::${bucket}/${key}`;
  return verdictOn(ctx, action, resource, values(ctx, input));
}

/**
 * Refuses an anonymous request the bucket policy does not allow (AccessDenied, as S3 answers). The
 * permissions a request needs are the ones --enforce-iam asks IAM for (iam-authorization.ts): the
 * object or bucket action, and s3:GetObject on a copy's source (judged by the source bucket's policy).
 */
export function checkAnonymous(ctx: S3Ctx, operation: string, input: AccessInput & Record<string, unknown>): void {
  if (!input.Bucket) throw accessDenied();
  const targets = s3Authorization.targets({ api: "s3", operation, input, accountId: ctx.accountId, region: ctx.region, state: ctx.s3, ctx });
  for (const t of targets ?? []) {
    if (verdictOn(ctx, t.action, t.resource, values(ctx, input, t.context)) !== "allow") throw accessDenied();
  }
}

/** A missing key under an anonymous GET/HEAD is AccessDenied unless the policy also allows s3:ListBucket. */
export function hidesMissingKeys(ctx: S3Ctx, input: AccessInput): boolean {
  return input.Bucket !== undefined && anonymousVerdict(ctx, input.Bucket, undefined, "s3:ListBucket", input) !== "allow";
}

/**
 * The wire layer's gate for an unsigned request: refuses what the policy does not allow. Returns
 * whether the bucket exists (a request to a missing bucket goes on to answer NoSuchBucket, as S3 does).
 */
export function gateAnonymous(ctx: S3Ctx, operation: string, input: AccessInput & Record<string, unknown>): boolean {
  if (!input.Bucket || operation === "CreateBucket") throw accessDenied();
  if (!findBucket(ctx, input.Bucket)) return false;
  checkAnonymous(ctx, operation, input);
  return true;
}

/** Runs a GET/HEAD whose NoSuchKey becomes AccessDenied when the anonymous caller may not list the bucket. */
export async function answerMissingAsDenied<T>(ctx: S3Ctx, input: AccessInput, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AwsError && err.code === "NoSuchKey" && hidesMissingKeys(ctx, input)) throw accessDenied();
    throw err;
  }
}
