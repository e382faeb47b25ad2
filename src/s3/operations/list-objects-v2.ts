import { requireBucket } from "../buckets.js";
import { s3Errors } from "../errors.js";
import { encoder, listCurrent, listEntry, maxKeysOf, ownerOf } from "../listing.js";
import { s3Operation } from "../wire.js";
import { headersOf } from "../objects.js";
import type { ObjectRow } from "../store.js";

interface Input {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  MaxKeys?: number;
  ContinuationToken?: string;
  StartAfter?: string;
  EncodingType?: string;
  FetchOwner?: boolean;
  /** A list header in AWS's model: the comma-separated values, split. */
  OptionalObjectAttributes?: string[];
}

/** `x-amz-optional-object-attributes: RestoreStatus`: each archived object's restore, when one was asked for. */
function restoreStatus(row: ObjectRow, now: number): Record<string, unknown> | undefined {
  const r = headersOf(row).Restore;
  if (!r || now >= r.expiresAt) return undefined;
  return now < r.readyAt ? { IsRestoreInProgress: true } : { IsRestoreInProgress: false, RestoreExpiryDate: new Date(r.expiresAt) };
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, "base64url").toString("utf8");
  if (!text.startsWith("k:")) throw s3Errors.invalidArgument("The continuation token provided is incorrect", "continuation-token", token);
  return text.slice(2);
}

export const listObjectsV2 = s3Operation<Input, unknown>({
  name: "ListObjectsV2",
  wire: { xmlRoot: "ListBucketResult" },
  handle(input, ctx) {
    const bucket = requireBucket(ctx, input.Bucket);
    const encode = encoder(input.EncodingType);
    const maxKeys = maxKeysOf(input.MaxKeys);
    // An empty continuation-token is taken as none, as S3 does.
    const token = input.ContinuationToken || undefined;
    const after = token !== undefined ? decodeToken(token) : input.StartAfter;
    const prefix = input.Prefix ?? "";
    const page = listCurrent(ctx, { bucket: bucket.name, prefix, delimiter: input.Delimiter || undefined, after, maxKeys });
    const owner = input.FetchOwner ? ownerOf(bucket.account) : undefined;
    const withRestore = input.OptionalObjectAttributes?.includes("RestoreStatus") ?? false;
    const now = ctx.clock.now();
    return {
      Name: bucket.name,
      Prefix: encode(prefix),
      // An empty delimiter is no delimiter, and S3 leaves the element out.
      Delimiter: encode(input.Delimiter || undefined),
      MaxKeys: maxKeys,
      EncodingType: input.EncodingType,
      KeyCount: page.contents.length + page.commonPrefixes.length,
      IsTruncated: page.truncated,
      ContinuationToken: token,
      NextContinuationToken: page.truncated ? Buffer.from(`k:${page.last}`).toString("base64url") : undefined,
      StartAfter: encode(input.StartAfter),
      Contents: withRestore ? page.contents.map((row) => ({ ...listEntry(row, encode, owner), RestoreStatus: restoreStatus(row, now) })) : page.contents.map((row) => listEntry(row, encode, owner)),
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
    };
  },
});
