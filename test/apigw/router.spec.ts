// Unit test of route matching (REST resources and HTTP API route keys): AWS's specificity order.
import { describe, expect, it } from "vitest";
import { HttpRouter } from "../../src/apigw/invoke/http-router.js";
import { RestRouter } from "../../src/apigw/invoke/rest-router.js";
import type { Resource } from "../../src/apigw/rest/model.js";
import type { Route } from "../../src/apigw/v2/model.js";

const resource = (path: string, ...methods: string[]): Resource => ({ id: path, path, resourceMethods: Object.fromEntries(methods.map((m) => [m, { httpMethod: m, authorizationType: "NONE", apiKeyRequired: false }])) });

describe("RestRouter", () => {
  const router = new RestRouter([resource("/", "GET"), resource("/{proxy+}", "ANY"), resource("/users/{id}", "GET"), resource("/users/me", "GET"), resource("/users/{id}/files/{path+}", "GET")]);
  const match = (method: string, path: string): [string, Record<string, string> | null] | undefined => {
    const m = router.match(method, path);
    return m ? [m.resource.path, m.pathParameters === null ? null : { ...m.pathParameters }] : undefined;
  };

  it("prefers literal parts, then parameters, then greedy ones; falls back to ANY", () => {
    expect(match("GET", "/")).toEqual(["/", null]);
    expect(match("GET", "/users/me")).toEqual(["/users/me", null]);
    expect(match("GET", "/users/42")).toEqual(["/users/{id}", { id: "42" }]);
    expect(match("DELETE", "/users/42")).toEqual(["/{proxy+}", { proxy: "users/42" }]);
    expect(match("GET", "/users/42/files/a/b%20c")).toEqual(["/users/{id}/files/{path+}", { id: "42", path: "a/b c" }]);
    expect(match("GET", "/users/42/files")).toEqual(["/{proxy+}", { proxy: "users/42/files" }]);
    expect(match("POST", "/")).toBeUndefined();
  });

  it("decodes segments (a malformed escape stays as sent)", () => {
    expect(match("GET", "/users/a%2Fb")).toEqual(["/users/{id}", { id: "a/b" }]);
    expect(match("GET", "/users/%E0%A4%A")).toEqual(["/users/{id}", { id: "%E0%A4%A" }]);
  });

  it("stays fast with many resources", () => {
    const many = new RestRouter(Array.from({ length: 2000 }, (_, i) => resource(`/r${i}/{id}`, "GET")));
    const started = performance.now();
    for (let i = 0; i < 2000; i++) expect(many.match("GET", `/r${i}/x`)!.resource.path).toBe(`/r${i}/{id}`);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe("HttpRouter", () => {
  const route = (routeKey: string): Route => ({ routeId: routeKey, routeKey } as Route);
  const router = new HttpRouter([route("GET /items/{id}"), route("ANY /items/{id}"), route("GET /items/special"), route("$default")]);

  it("most specific path, then the method before ANY, then $default", () => {
    expect(router.match("GET", "/items/special")!.route.routeKey).toBe("GET /items/special");
    expect(router.match("GET", "/items/7")!.route.routeKey).toBe("GET /items/{id}");
    expect(router.match("PUT", "/items/7")!.route.routeKey).toBe("ANY /items/{id}");
    expect(router.match("GET", "/elsewhere")!.route.routeKey).toBe("$default");
  });
});
