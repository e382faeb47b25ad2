import { describe, expect, it } from "vitest";
import { rawRequest, useServer } from "../helpers/index.js";

// Requests that fastify would only pass to the catch-all route skip it (src/core/direct-route.ts);
// these check that everything else is still answered by fastify, on the first and every later request.
const ctx = useServer();
const describeLimits = (contentType: string) =>
  rawRequest(ctx.endpoint, {
    method: "POST",
    path: "/",
    headers: {
      "content-type": contentType,
      "x-amz-target": "DynamoDB_20120810.DescribeLimits",
      authorization: "AWS4-HMAC-SHA256 Credential=AKIDLOCALAWSTEST/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: "{}",
  });

describe("behaviour", () => {
  it("answers a request the same whether fastify or the direct route handles it", async () => {
    const first = await describeLimits("application/x-amz-json-1.0");
    const second = await describeLimits("application/x-amz-json-1.0");
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body.toString())).toEqual(JSON.parse(first.body.toString()));
    const names = (h: Record<string, unknown>) => Object.keys(h).filter((k) => k !== "date").sort();
    expect(names(second.headers)).toEqual(names(first.headers));
    expect(second.headers["x-amz-crc32"]).toBe(first.headers["x-amz-crc32"]);
  });

  it("keeps rejecting a content type fastify rejects, every time", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await describeLimits("not a media type");
      expect(res.status).toBe(415);
      expect(JSON.parse(res.body.toString())).toMatchObject({ code: "FST_ERR_CTP_INVALID_MEDIA_TYPE" });
    }
  });

  it("keeps fastify's answers for other methods and malformed percent-encoding", async () => {
    for (let i = 0; i < 2; i++) {
      expect((await rawRequest(ctx.endpoint, { method: "PROPFIND", path: "/" })).status).toBe(404);
      expect((await rawRequest(ctx.endpoint, { method: "GET", path: "/bucket/%zz" })).status).toBe(400);
    }
  });
});
