import { s3Operation } from "../wire.js";

export const listBuckets = s3Operation<{ Prefix?: string; MaxBuckets?: number; ContinuationToken?: string; BucketRegion?: string }, unknown>({
  name: "ListBuckets",
  wire: { xmlRoot: "ListAllMyBucketsResult" },
  handle(input, ctx) {
    let rows = ctx.s3.sql.bucketsOf.all(ctx.accountId);
    if (input.Prefix) rows = rows.filter((b) => b.name.startsWith(input.Prefix!));
    if (input.BucketRegion) rows = rows.filter((b) => b.region === input.BucketRegion);
    if (input.ContinuationToken) rows = rows.filter((b) => b.name > input.ContinuationToken!);
    const max = input.MaxBuckets ?? 10000;
    const page = rows.slice(0, max);
    return {
      Owner: { ID: ctx.accountId, DisplayName: "local-aws" },
      Buckets: { Bucket: page.map((b) => ({ Name: b.name, CreationDate: new Date(b.created), BucketRegion: b.region })) },
      ContinuationToken: rows.length > max ? page[page.length - 1]!.name : undefined,
      Prefix: input.Prefix,
    };
  },
});
