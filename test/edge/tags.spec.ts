import { CloudFrontClient, CreateDistributionWithTagsCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-cloudfront";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";

const ctx = useServer();
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);

describe("CloudFront tags", () => {
  it("creates a distribution with tags, then tags, untags and lists them by ARN", async () => {
    const out = await cf().send(
      new CreateDistributionWithTagsCommand({
        DistributionConfigWithTags: {
          DistributionConfig: {
            CallerReference: "tags-1",
            Comment: "",
            Enabled: true,
            Origins: { Quantity: 1, Items: [{ Id: "s3", DomainName: "b.s3.amazonaws.com", S3OriginConfig: { OriginAccessIdentity: "" } }] },
            DefaultCacheBehavior: { TargetOriginId: "s3", ViewerProtocolPolicy: "allow-all", CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6" },
          },
          Tags: { Items: [{ Key: "team", Value: "web" }] },
        },
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(201);
    const Resource = out.Distribution!.ARN!;
    expect((await cf().send(new ListTagsForResourceCommand({ Resource }))).Tags?.Items).toEqual([{ Key: "team", Value: "web" }]);
    await cf().send(new TagResourceCommand({ Resource, Tags: { Items: [{ Key: "env", Value: "dev" }, { Key: "__proto__", Value: "x" }] } }));
    await cf().send(new UntagResourceCommand({ Resource, TagKeys: { Items: ["team"] } }));
    const tags = (await cf().send(new ListTagsForResourceCommand({ Resource }))).Tags?.Items ?? [];
    expect(tags.sort((a, b) => a.Key!.localeCompare(b.Key!))).toEqual([
      { Key: "__proto__", Value: "x" },
      { Key: "env", Value: "dev" },
    ]);
  });

  it("answers NoSuchResource for an unknown distribution ARN", async () => {
    await expectAwsError(cf().send(new ListTagsForResourceCommand({ Resource: "arn:aws:cloudfront::000000000000:distribution/E0NOSUCH000000" })), { name: "NoSuchResource", status: 404 });
  });
});
