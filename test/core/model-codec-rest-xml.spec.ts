/**
 * restXml driven by a model: a test-only service speaking CloudFront's model with no `http` on
 * its operations. The real SDK client sends; the decoded input must equal what was sent; the SDK
 * must parse the encoded output (and errors) back to the same values.
 */
import { CloudFrontClient, CreateInvalidationCommand, GetInvalidationCommand, ListDistributionsCommand, TagResourceCommand, UntagResourceCommand } from "@aws-sdk/client-cloudfront";
import { describe, expect, it } from "vitest";
import { AwsError } from "../../src/core/errors.js";
import { defineOperation, defineService, type ServiceManifest } from "../../src/core/service.js";
import { expectAwsError, useServer } from "../helpers/index.js";

let seen: { op: string; input: Record<string, unknown> } | undefined;
const created = new Date("2024-05-06T07:08:09.000Z");

function op(name: string, output: (input: Record<string, unknown>) => unknown): ReturnType<typeof defineOperation> {
  return defineOperation<Record<string, unknown>, unknown>({
    name,
    handle(input) {
      seen = { op: name, input: JSON.parse(JSON.stringify(input)) as Record<string, unknown> };
      return output(input) as never;
    },
  });
}

const service = defineService({
  name: "codec-test-cloudfront",
  apis: [
    {
      id: "cloudfront",
      protocol: "restXml",
      endpointName: "cloudfront",
      model: { service: "cloudfront" },
      operations: [
        op("CreateInvalidation", (i) => ({
          Location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${String(i.DistributionId)}/invalidation/I1`,
          Invalidation: { Id: "I1", Status: "InProgress", CreateTime: created, InvalidationBatch: i.InvalidationBatch },
        })),
        op("GetInvalidation", () => {
          throw new AwsError("NoSuchInvalidation", "The specified invalidation does not exist.", { status: 404 });
        }),
        op("ListDistributions", () => ({
          DistributionList: { Marker: "", MaxItems: 100, IsTruncated: false, Quantity: 1, Items: [{ Id: "D1", ARN: "arn:aws:cloudfront::000000000000:distribution/D1", Status: "Deployed", LastModifiedTime: created, DomainName: "d1.cloudfront.net", Enabled: true }] },
        })),
        op("TagResource", () => ({})),
        op("UntagResource", () => ({})),
      ],
    },
  ],
});

const manifest: ServiceManifest = {
  name: "codec-test-cloudfront",
  tablePrefix: "ctcf_",
  apis: [{ id: "cloudfront", protocol: "restXml", endpointName: "cloudfront", signingNames: ["cloudfront"], pathPrefixes: ["/2020-05-31/"] }],
  load: async () => service,
};

const ctx = useServer({ services: [manifest] });
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);

describe("restXml from the model", () => {
  it("reads a structure payload with a member-named list; writes the output payload, a header and the status", async () => {
    const InvalidationBatch = { CallerReference: "ref-1", Paths: { Quantity: 2, Items: ["/a", "/b/*"] } };
    const out = await cf().send(new CreateInvalidationCommand({ DistributionId: "D1", InvalidationBatch }));
    expect(seen).toEqual({ op: "CreateInvalidation", input: { DistributionId: "D1", InvalidationBatch } });
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out.Location).toBe("https://cloudfront.amazonaws.com/2020-05-31/distribution/D1/invalidation/I1");
    expect(out.Invalidation).toEqual({ Id: "I1", Status: "InProgress", CreateTime: created, InvalidationBatch });
  });

  it("writes lists of structures, numbers, booleans and timestamps the SDK parses", async () => {
    const out = await cf().send(new ListDistributionsCommand({ MaxItems: 100 }));
    expect(seen).toEqual({ op: "ListDistributions", input: { MaxItems: "100" } });
    expect(out.DistributionList).toMatchObject({ Marker: "", MaxItems: 100, IsTruncated: false, Quantity: 1 });
    expect(out.DistributionList?.Items?.[0]).toMatchObject({ Id: "D1", Status: "Deployed", LastModifiedTime: created, Enabled: true });
  });

  it("routes by query values (?Operation=Tag and ?Operation=Untag share a path)", async () => {
    const Resource = "arn:aws:cloudfront::000000000000:distribution/D1";
    await cf().send(new TagResourceCommand({ Resource, Tags: { Items: [{ Key: "team", Value: "a" }, { Key: "env", Value: "b" }] } }));
    expect(seen).toEqual({ op: "TagResource", input: { Resource, Tags: { Items: [{ Key: "team", Value: "a" }, { Key: "env", Value: "b" }] } } });
    await cf().send(new UntagResourceCommand({ Resource, TagKeys: { Items: ["team"] } }));
    expect(seen).toEqual({ op: "UntagResource", input: { Resource, TagKeys: { Items: ["team"] } } });
  });

  it("answers errors the SDK parses", async () => {
    await expectAwsError(cf().send(new GetInvalidationCommand({ DistributionId: "D1", Id: "nope" })), {
      name: "NoSuchInvalidation",
      status: 404,
      message: "The specified invalidation does not exist.",
    });
  });
});
