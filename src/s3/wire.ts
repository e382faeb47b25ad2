/** HTTP bindings S3 operations share (header names as S3 spells them, lower-case). */
import { AwsError } from "../core/errors.js";
import { s3StatefulOperation, type S3Ctx, type S3State } from "./state.js";
import type { HttpBinding, OperationDef } from "../core/service.js";
import type { RequestContext } from "../core/context.js";
import { getConfig } from "./buckets.js";
import { corsHeaders, matchCors, type CorsRule } from "./cors.js";
import { answerMissingAsDenied, gateAnonymous, judgesAnonymous, type AccessInput } from "./anonymous-access.js";
import { modelBinding, type S3WireExtras } from "./model-binding.js";

/**
 * Request headers of a body upload (PutObject, UploadPart) that AWS's model leaves out: they belong
 * to signing and aws-chunked framing (the SDK sends every upload chunked with a trailing checksum).
 */
export const AWS_CHUNKED_HEADERS: Record<string, string> = {
  "x-amz-content-sha256": "ContentSha256",
  "x-amz-decoded-content-length": "DecodedContentLength:number",
  "x-amz-trailer": "Trailer",
};

interface Presigned {
  PresignedDate?: string;
  PresignedExpires?: string;
  /** SigV2 query auth (the AWS CLI's `s3 presign`): `Expires` is epoch seconds. */
  PresignedV2Expires?: string;
  PresignedV2Key?: string;
}

const WEEK_SECONDS = 604800;

/** Presigned URLs (SigV4 query auth) expire on the server's clock. */
function checkPresigned(input: Presigned, ctx: S3Ctx): void {
  if (input.PresignedV2Key !== undefined && input.PresignedV2Expires !== undefined) {
    const expiresAt = Number(input.PresignedV2Expires) * 1000;
    const now = ctx.clock.now();
    if (!(now <= expiresAt)) {
      const iso = (t: number): string => (Number.isFinite(t) ? new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z") : "");
      throw new AwsError("AccessDenied", "Request has expired", { status: 403, fields: { Expires: iso(expiresAt), ServerTime: iso(now) } });
    }
  }
  if (input.PresignedExpires === undefined || input.PresignedDate === undefined) return;
  const expires = Number(input.PresignedExpires);
  if (!Number.isInteger(expires) || expires < 0) {
    throw new AwsError("AuthorizationQueryParametersError", "X-Amz-Expires must be non-negative", { status: 400 });
  }
  if (expires > WEEK_SECONDS) {
    throw new AwsError("AuthorizationQueryParametersError", "X-Amz-Expires must be less than a week (in seconds) that is; 604800", { status: 400 });
  }
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(input.PresignedDate);
  if (!m) throw new AwsError("AuthorizationQueryParametersError", "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"", { status: 400 });
  const signedAt = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const expiresAt = signedAt + expires * 1000;
  const now = ctx.clock.now();
  if (expires === 0 || now > expiresAt) {
    const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
    throw new AwsError("AccessDenied", "Request has expired", {
      status: 403,
      fields: { "X-Amz-Expires": expires, Expires: iso(expiresAt), ServerTime: iso(now) },
    });
  }
}

/** Browsers' cross-origin requests get the headers of the bucket's first matching CORS rule. */
function addCorsHeaders(ctx: S3Ctx, bucket: string | undefined, origin: string, method: string): void {
  if (!bucket) return;
  const rules = getConfig<CorsRule[]>(ctx, bucket, "cors");
  const rule = rules && matchCors(rules, origin, method, []);
  if (rule) Object.assign(ctx.responseHeaders, corsHeaders(rule, origin, undefined));
}

/**
 * A browser request from an origin local-aws does not allow by default (core's guard passes it here,
 * `ctx.foreignOrigin`) is served only when a CORS rule of its bucket allows that origin and method.
 */
function refuseUnlessBucketAllows(ctx: S3Ctx, bucket: string | undefined, origin: string, method: string): void {
  const rules = bucket ? getConfig<CorsRule[]>(ctx, bucket, "cors") : undefined;
  if (rules && matchCors(rules, origin, method, [])) return;
  throw new AwsError("AccessForbidden", `local-aws refused a browser request from origin ${origin}: no CORS rule of this bucket allows it (add one with PutBucketCors, or allow the origin with --cors-origins)`, { status: 403 });
}

/** Sub-resources we do not implement: a plain bucket/object route must not answer them. */
const UNSUPPORTED_SUBRESOURCES = [
  "analytics", "inventory", "metrics", "intelligent-tiering", "replication", "logging", "requestPayment", "accelerate",
  "select", "torrent", "policyStatus", "metadataTable", "session", "renameObject",
];
const UNSUPPORTED_QUERY = Object.fromEntries(UNSUPPORTED_SUBRESOURCES.map((q) => [q, `Unsupported!${q}`]));

function rejectUnsupported(input: object, method: string): void {
  for (const k of Object.keys(input)) {
    if (k.startsWith("Unsupported!")) {
      throw new AwsError("NotImplemented", "A header or query you provided implies functionality that is not implemented", {
        status: 501,
        fields: { Header: `${method} ?${k.slice("Unsupported!".length)}` },
      });
    }
  }
}

/**
 * Every S3 operation: presigned-URL expiry is checked before the handler runs; plain routes (no
 * required sub-resource) refuse sub-resources we do not implement instead of answering as if absent.
 */
export interface S3OperationDef<I, O> extends Omit<OperationDef<I, O>, "handle" | "http"> {
  /** What the operation's wire has beyond AWS's model (model-binding.ts); the rest is the model's. */
  wire?: S3WireExtras;
  /** Only for what the model lacks (browser form uploads, CORS preflights): the whole binding. */
  http?: HttpBinding;
  handle(input: I, ctx: S3Ctx): Promise<O> | O;
}

export function s3Operation<I, O>(op: S3OperationDef<I, O>): OperationDef<never, never> {
  const own = op.http ?? modelBinding(op.name, op.wire);
  const plain = !own.requiredQuery?.length;
  const http: HttpBinding = {
    ...own,
    query: { ...(plain ? UNSUPPORTED_QUERY : {}), ...own.query, "X-Amz-Date": "PresignedDate", "X-Amz-Expires": "PresignedExpires", Expires: "PresignedV2Expires", AWSAccessKeyId: "PresignedV2Key" },
    headers: { ...own.headers, origin: "Origin", referer: "Referer" },
  };
  const hidesMissing = op.name === "GetObject" || op.name === "HeadObject";
  return s3StatefulOperation<I, O>({
    ...op,
    http,
    handle(input, request: RequestContext, state: S3State) {
      // S3's state rides on the request's context (one property per request; helpers read ctx.s3).
      const ctx = request as S3Ctx;
      ctx.s3 = state;
      if (ctx.foreignOrigin !== undefined && http.method !== "OPTIONS") refuseUnlessBucketAllows(ctx, (input as { Bucket?: string }).Bucket, ctx.foreignOrigin, http.method);
      if (plain) rejectUnsupported(input as object, http.method);
      checkPresigned(input as Presigned, ctx);
      // Requests without credentials are judged by the bucket policy under --enforce-iam (anonymous-access.ts).
      if (ctx.accessKeyId === undefined && (input as Presigned).PresignedV2Key === undefined && http.method !== "OPTIONS" && op.name !== "PostObject" && judgesAnonymous(ctx)) {
        if (gateAnonymous(ctx, op.name, input as AccessInput & Record<string, unknown>) && hidesMissing) return answerMissingAsDenied(ctx, input as AccessInput, () => op.handle(input, ctx));
      }
      const origin = (input as { Origin?: string }).Origin;
      if (origin !== undefined && http.method !== "OPTIONS") addCorsHeaders(ctx, (input as { Bucket?: string }).Bucket, origin, http.method);
      return op.handle(input, ctx);
    },
  });
}
