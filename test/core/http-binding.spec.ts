import { describe, expect, it } from "vitest";
import { boundInput, matchRoute } from "../../src/core/protocols/http-binding.js";
import { defineOperation, type ApiDef, type HttpRequest } from "../../src/core/service.js";

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

describe("boundInput", () => {
  const listApi: ApiDef = {
    id: "q",
    protocol: "restJson1",
    endpointName: "q",
    operations: [
      defineOperation({
        name: "List",
        http: { method: "GET", path: "/items/{Id}", query: { max: "Max:number", tag: "Tags:list", flag: "Flag:boolean", name: "Name" }, headers: { "x-size": "Size:number" } },
        handle: () => ({}),
      }),
    ],
  };
  const bind = (query: string, headers: Record<string, string> = {}): Record<string, unknown> => {
    const q = new URLSearchParams(query);
    const req = { method: "GET", rawPath: "/items/a%20b", rawQuery: query, query: q, headers, host: "h", endpoint: "http://h" } as unknown as HttpRequest;
    return boundInput(req, matchRoute(listApi, "GET", req.rawPath, q, headers)!);
  };

  it("converts bound query parameters and headers and ignores unbound ones", () => {
    expect(bind("max=5&flag=true&x-id=List&name=n", { "x-size": "7" })).toEqual({ Id: "a b", Max: 5, Flag: true, Name: "n", Size: 7 });
    expect(bind("")).toEqual({ Id: "a b" });
  });

  it("binds the first value of a repeated parameter, and every value of a list", () => {
    expect(bind("name=first&tag=a&name=second&tag=b")).toEqual({ Id: "a b", Name: "first", Tags: ["a", "b"] });
  });
});
