import { describe, expect, it } from "vitest";
import { rawRequest, useServer } from "../helpers/index.js";

/** What the wire looks like to clients that do not use an SDK. */
describe("wire", () => {
  const ctx = useServer();

  const call = (operation: string, body: string) =>
    rawRequest(ctx.endpoint, {
      method: "POST",
      path: "/",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `Logs_20140328.${operation}`,
        authorization: "AWS4-HMAC-SHA256 Credential=AKIDLOCALAWSTEST/20261126/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0",
      },
      body,
    });

  describe("errors", () => {
    it("answers errors in the awsJson1_1 shape with a request id", async () => {
      const res = await call("DeleteLogGroup", JSON.stringify({ logGroupName: "does-not-exist" }));
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toBe("application/x-amz-json-1.1");
      expect(res.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(res.body.toString())).toEqual({ __type: "ResourceNotFoundException", message: "The specified log group does not exist." });
    });

    it("a member of the wrong JSON type is a SerializationException", async () => {
      const res = await call("CreateLogGroup", JSON.stringify({ logGroupName: 5 }));
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body.toString())).toMatchObject({ __type: "com.amazon.coral.service#SerializationException" });
    });
  });

  describe("behaviour", () => {
    it("answers a successful write with an empty JSON object", async () => {
      const res = await call("CreateLogGroup", JSON.stringify({ logGroupName: `wire-${Math.random().toString(36).slice(2)}` }));
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe("{}");
    });
  });
});
