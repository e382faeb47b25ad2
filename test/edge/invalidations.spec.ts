/**
 * Invalidations in progress: each counts against AWS's per-distribution limits (3,000 file paths,
 * 15 wildcard paths, independent of each other) until its first read or a minute of the clock;
 * a CallerReference sent again answers the same invalidation.
 */
import { CloudFrontClient, CreateDistributionCommand, CreateInvalidationCommand, GetInvalidationCommand, ListInvalidationsCommand } from "@aws-sdk/client-cloudfront";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);
let n = 0;

async function distribution(): Promise<string> {
  const out = await cf().send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: `inv-${++n}`,
        Comment: "",
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: "s3", DomainName: "inv.s3.us-east-1.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } }] },
        DefaultCacheBehavior: { TargetOriginId: "s3", ViewerProtocolPolicy: "allow-all", CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6" },
      },
    }),
  );
  return out.Distribution!.Id!;
}

function invalidate(id: string, paths: string[], ref = `ref-${++n}`) {
  return cf().send(new CreateInvalidationCommand({ DistributionId: id, InvalidationBatch: { CallerReference: ref, Paths: { Quantity: paths.length, Items: paths } } }));
}

const tooManyWildcards = { name: "TooManyInvalidationsInProgress", status: 400, message: "Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations." };
const tooManyFiles = { name: "TooManyInvalidationsInProgress", status: 400, message: "Processing your request will cause you to exceed the maximum number of in-progress invalidations." };

let id = "";
beforeAll(async () => {
  id = await distribution();
});

describe("invalidations in progress", () => {
  it("allows 15 wildcard paths in progress; file paths are counted apart; a read completes one", async () => {
    const first = await invalidate(id, ["/a/*"]);
    expect(first.Invalidation?.Status).toBe("InProgress");
    for (let i = 0; i < 14; i++) await invalidate(id, [`/w${i}/*`]);
    await expectAwsError(invalidate(id, ["/more/*"]), tooManyWildcards);
    expect((await invalidate(id, ["/file.txt", "/other.txt"])).Invalidation?.Status).toBe("InProgress");
    const got = await cf().send(new GetInvalidationCommand({ DistributionId: id, Id: first.Invalidation!.Id }));
    expect(got.Invalidation?.Status).toBe("Completed");
    await invalidate(id, ["/more/*"]);
    await expectAwsError(invalidate(id, ["/again/*"]), tooManyWildcards);
    // A minute of the clock later every one of them has completed.
    await ctx.clock.advance(60_000);
    expect((await invalidate(id, Array.from({ length: 15 }, (_, i) => `/x${i}*`))).Invalidation?.Status).toBe("InProgress");
  });

  it("allows 3,000 file paths in progress per distribution; listing completes them", async () => {
    const other = await distribution();
    await invalidate(other, Array.from({ length: 2999 }, (_, i) => `/f${i}.txt`));
    await expectAwsError(invalidate(other, ["/g1.txt", "/g2.txt"]), tooManyFiles);
    await invalidate(other, ["/g1.txt"]);
    await expectAwsError(invalidate(other, ["/g2.txt"]), tooManyFiles);
    const list = await cf().send(new ListInvalidationsCommand({ DistributionId: other }));
    expect(list.InvalidationList?.Items?.map((i) => i.Status)).toEqual(["Completed", "Completed"]);
    expect((await invalidate(other, ["/g2.txt"])).Invalidation?.Status).toBe("InProgress");
  });

  it("answers the same invalidation for a CallerReference sent again with the same paths; other paths are refused", async () => {
    const third = await distribution();
    const a = await invalidate(third, ["/x.txt"], "same-ref");
    const b = await invalidate(third, ["/x.txt"], "same-ref");
    expect(b.Invalidation?.Id).toBe(a.Invalidation?.Id);
    expect(b.Location).toBe(a.Location);
    await expectAwsError(invalidate(third, ["/y.txt"], "same-ref"), { name: "InvalidationBatchAlreadyExists" });
    expect((await cf().send(new ListInvalidationsCommand({ DistributionId: third }))).InvalidationList?.Quantity).toBe(1);
  });
});
