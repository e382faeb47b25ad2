import {
  CloudFrontClient,
  CreateDistributionCommand,
  DeleteDistributionCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListDistributionsCommand,
  UpdateDistributionCommand,
  type DistributionConfig,
} from "@aws-sdk/client-cloudfront";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient, { region: "eu-west-3" });

function config(ref: string, enabled = true): DistributionConfig {
  return {
    CallerReference: ref,
    Comment: "site",
    Enabled: enabled,
    DefaultRootObject: "index.html",
    Origins: { Quantity: 1, Items: [{ Id: "s3", DomainName: "site.s3.us-east-1.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } }] },
    DefaultCacheBehavior: { TargetOriginId: "s3", ViewerProtocolPolicy: "redirect-to-https", CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6" },
  };
}

describe("CloudFront distributions", () => {
  it("creates a distribution InProgress, with AWS's id, domain, ARN and an ETag; the first read is Deployed", async () => {
    const out = await cf().send(new CreateDistributionCommand({ DistributionConfig: config("create-1") }));
    expect(out.$metadata.httpStatusCode).toBe(201);
    const d = out.Distribution!;
    expect(d.Id).toMatch(/^[A-Z0-9]{14}$/);
    expect(d.DomainName).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/);
    expect(d.ARN).toBe(`arn:aws:cloudfront::000000000000:distribution/${d.Id}`);
    expect(d.Status).toBe("InProgress");
    expect(out.ETag).toMatch(/^[A-Z0-9]+$/);
    expect(out.Location).toBe(`https://cloudfront.amazonaws.com/2020-05-31/distribution/${d.Id}`);
    expect(d.DistributionConfig?.DefaultRootObject).toBe("index.html");
    expect(d.DistributionConfig?.PriceClass).toBe("PriceClass_All");

    const got = await cf().send(new GetDistributionCommand({ Id: d.Id }));
    expect(got.Distribution?.Status).toBe("Deployed");
    expect(got.ETag).toBe(out.ETag);
    const cfg = await cf().send(new GetDistributionConfigCommand({ Id: d.Id }));
    expect(cfg.DistributionConfig?.Origins?.Items?.[0]?.DomainName).toBe("site.s3.us-east-1.amazonaws.com");
    expect(cfg.DistributionConfig?.DefaultCacheBehavior?.CachePolicyId).toBe("658327ea-f89d-4fab-a63d-7e88639e58f6");
    expect(cfg.ETag).toBe(out.ETag);

    const list = await cf().send(new ListDistributionsCommand({}));
    const mine = list.DistributionList?.Items?.find((i) => i.Id === d.Id);
    expect(mine).toMatchObject({ Status: "Deployed", DomainName: d.DomainName, Enabled: true, Comment: "site" });
  });

  it("is global: a distribution created with one region is read with another", async () => {
    const out = await cf().send(new CreateDistributionCommand({ DistributionConfig: config("global-1") }));
    const other = ctx.client(CloudFrontClient, { region: "us-east-1" });
    expect((await other.send(new GetDistributionCommand({ Id: out.Distribution!.Id }))).Distribution?.Id).toBe(out.Distribution!.Id);
  });

  it("answers the same distribution for the same request again, DistributionAlreadyExists for another config", async () => {
    const first = await cf().send(new CreateDistributionCommand({ DistributionConfig: config("again-1") }));
    const again = await cf().send(new CreateDistributionCommand({ DistributionConfig: config("again-1") }));
    expect(again.Distribution?.Id).toBe(first.Distribution?.Id);
    await expectAwsError(cf().send(new CreateDistributionCommand({ DistributionConfig: { ...config("again-1"), Comment: "other" } })), {
      name: "DistributionAlreadyExists",
      status: 409,
    });
  });

  it("refuses inconsistent quantities, unknown origins and a bad TTL order", async () => {
    const bad = config("bad-1");
    bad.Origins = { Quantity: 2, Items: bad.Origins!.Items };
    await expectAwsError(cf().send(new CreateDistributionCommand({ DistributionConfig: bad })), {
      name: "InconsistentQuantities",
      status: 400,
      message: "The value of Quantity and the size of Items don't match.",
    });
    const orphan = config("bad-2");
    orphan.DefaultCacheBehavior = { ...orphan.DefaultCacheBehavior!, TargetOriginId: "nope" };
    await expectAwsError(cf().send(new CreateDistributionCommand({ DistributionConfig: orphan })), { name: "NoSuchOrigin", status: 404 });
    const ttl = config("bad-3");
    ttl.DefaultCacheBehavior = { TargetOriginId: "s3", ViewerProtocolPolicy: "allow-all", MinTTL: 100, DefaultTTL: 10, MaxTTL: 1000, ForwardedValues: { QueryString: false, Cookies: { Forward: "none" } } };
    await expectAwsError(cf().send(new CreateDistributionCommand({ DistributionConfig: ttl })), { name: "InvalidTTLOrder", status: 400 });
  });

  it("updates behind If-Match: missing → InvalidIfMatchVersion, stale → PreconditionFailed; the new ETag works", async () => {
    const out = await cf().send(new CreateDistributionCommand({ DistributionConfig: config("update-1") }));
    const Id = out.Distribution!.Id!;
    const next = { ...config("update-1"), Comment: "changed" };
    await expectAwsError(cf().send(new UpdateDistributionCommand({ Id, DistributionConfig: next })), {
      name: "InvalidIfMatchVersion",
      status: 400,
      message: "The If-Match version is missing or not valid for the resource.",
    });
    await expectAwsError(cf().send(new UpdateDistributionCommand({ Id, IfMatch: "E0000000000000", DistributionConfig: next })), { name: "PreconditionFailed", status: 412 });
    const updated = await cf().send(new UpdateDistributionCommand({ Id, IfMatch: out.ETag, DistributionConfig: next }));
    expect(updated.Distribution?.Status).toBe("InProgress");
    expect(updated.Distribution?.DistributionConfig?.Comment).toBe("changed");
    expect(updated.ETag).not.toBe(out.ETag);
    await expectAwsError(cf().send(new UpdateDistributionCommand({ Id, IfMatch: out.ETag, DistributionConfig: next })), { name: "PreconditionFailed", status: 412 });
    expect((await cf().send(new GetDistributionConfigCommand({ Id }))).DistributionConfig?.Comment).toBe("changed");
  });

  it("deletes only a disabled distribution, behind If-Match; then NoSuchDistribution", async () => {
    const out = await cf().send(new CreateDistributionCommand({ DistributionConfig: config("delete-1") }));
    const Id = out.Distribution!.Id!;
    await expectAwsError(cf().send(new DeleteDistributionCommand({ Id })), { name: "InvalidIfMatchVersion", status: 400 });
    await expectAwsError(cf().send(new DeleteDistributionCommand({ Id, IfMatch: out.ETag })), {
      name: "DistributionNotDisabled",
      status: 409,
      message: "The distribution you are trying to delete has not been disabled.",
    });
    const disabled = await cf().send(new UpdateDistributionCommand({ Id, IfMatch: out.ETag, DistributionConfig: config("delete-1", false) }));
    await cf().send(new DeleteDistributionCommand({ Id, IfMatch: disabled.ETag }));
    await expectAwsError(cf().send(new GetDistributionCommand({ Id })), { name: "NoSuchDistribution", status: 404, message: "The specified distribution does not exist." });
    await expectAwsError(cf().send(new GetDistributionConfigCommand({ Id: "E0NOSUCH000000" })), { name: "NoSuchDistribution", status: 404 });
  });

  it("pages ListDistributions with MaxItems and Marker", async () => {
    for (const ref of ["page-1", "page-2", "page-3"]) await cf().send(new CreateDistributionCommand({ DistributionConfig: config(ref) }));
    const all = (await cf().send(new ListDistributionsCommand({}))).DistributionList!;
    const first = (await cf().send(new ListDistributionsCommand({ MaxItems: 2 }))).DistributionList!;
    expect(first.IsTruncated).toBe(true);
    expect(first.Quantity).toBe(2);
    const second = (await cf().send(new ListDistributionsCommand({ MaxItems: 100, Marker: first.NextMarker }))).DistributionList!;
    expect([...first.Items!, ...second.Items!].map((i) => i.Id)).toEqual(all.Items!.map((i) => i.Id));
    const raw = await fetch(`${ctx.endpoint}/2020-05-31/distribution?MaxItems=lots`, {
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/cloudfront/aws4_request, SignedHeaders=host, Signature=00", "x-amz-date": "20260101T000000Z" },
    });
    expect(raw.status).toBe(400);
    expect(await raw.text()).toContain("<Code>InvalidArgument</Code>");
  });
});
