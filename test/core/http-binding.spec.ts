import { describe, expect, it } from "vitest";
import { matchRoute } from "../../src/core/protocols/http-binding.js";
import { defineOperation, type ApiDef } from "../../src/core/service.js";

const api: ApiDef = {
  id: "t",
  protocol: "restXml",
  endpointName: "t",
  operations: [
    defineOperation({ name: "PutObject", http: { method: "PUT", path: "/{Bucket}/{Key+}" }, handle: () => ({}) }),
    defineOperation({ name: "CopyObject", http: { method: "PUT", path: "/{Bucket}/{Key+}", requiredHeaders: ["x-amz-copy-source"] }, handle: () => ({}) }),
    defineOperation({ name: "UploadPart", http: { method: "PUT", path: "/{Bucket}/{Key+}", requiredQuery: ["partNumber", "uploadId"] }, handle: () => ({}) }),
    defineOperation({
      name: "UploadPartCopy",
      http: { method: "PUT", path: "/{Bucket}/{Key+}", requiredQuery: ["partNumber", "uploadId"], requiredHeaders: ["x-amz-copy-source"] },
      handle: () => ({}),
    }),
  ],
};

describe("matchRoute", () => {
  it("prefers the route whose required headers are present", () => {
    const q = new URLSearchParams();
    expect(matchRoute(api, "PUT", "/b/k", q)?.op.name).toBe("PutObject");
    expect(matchRoute(api, "PUT", "/b/k", q, { "x-amz-copy-source": "/a/b" })?.op.name).toBe("CopyObject");
  });

  it("counts required query keys and headers together", () => {
    const q = new URLSearchParams("partNumber=1&uploadId=u");
    expect(matchRoute(api, "PUT", "/b/k", q)?.op.name).toBe("UploadPart");
    expect(matchRoute(api, "PUT", "/b/k", q, { "x-amz-copy-source": "/a/b" })?.op.name).toBe("UploadPartCopy");
  });
});
