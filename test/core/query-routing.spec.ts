import { describe, expect, it } from "vitest";
import { queryParamsToTree } from "../../src/core/protocols/aws-query.js";
import { rawRequest, useServer } from "../helpers/index.js";
import { fakeManifest } from "../helpers/fake-services.js";

const ctx = useServer({ services: [fakeManifest] });

describe("awsQuery routing and decoding", () => {
  it("routes an unsigned form POST by the Action in its body", async () => {
    const res = await rawRequest(ctx.endpoint, {
      method: "POST",
      path: "/",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=CreateTopic&Name=unsigned-topic",
    });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain("<TopicArn>arn:aws:sns:us-east-1:000000000000:unsigned-topic</TopicArn>");
  });

  it("turns entry lists keyed by Name/Value into maps, as SNS MessageAttributes are sent", () => {
    const tree = queryParamsToTree([
      ["MessageAttributes.entry.1.Name", "color"],
      ["MessageAttributes.entry.1.Value.DataType", "String"],
      ["MessageAttributes.entry.1.Value.StringValue", "red"],
      ["Attributes.entry.1.key", "DisplayName"],
      ["Attributes.entry.1.value", "D"],
    ]);
    expect(tree).toEqual({ MessageAttributes: { color: { DataType: "String", StringValue: "red" } }, Attributes: { DisplayName: "D" } });
  });
});
