/**
 * restJson1 driven by a model: a test-only service speaking API Gateway's model with no `http`
 * on its operations. The real SDK client sends; the decoded input must equal what was sent; the
 * SDK must parse the encoded output (and errors) back to the same values.
 */
import {
  APIGatewayClient,
  CreateRestApiCommand,
  GetExportCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  ImportRestApiCommand,
  PutIntegrationCommand,
  TagResourceCommand,
} from "@aws-sdk/client-api-gateway";
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
      seen = { op: name, input: { ...input } };
      return output(input) as never;
    },
  });
}

const service = defineService({
  name: "codec-test-apigw",
  apis: [
    {
      id: "apigateway",
      protocol: "restJson1",
      endpointName: "apigateway",
      model: { service: "apigateway" },
      operations: [
        op("CreateRestApi", (i) => ({ id: "abc123", name: i.name, createdDate: created, tags: i.tags, binaryMediaTypes: ["image/png"] })),
        op("GetRestApi", (i) => {
          if (i.restApiId === "missing") throw new AwsError("NotFoundException", "Invalid API identifier specified", { status: 404 });
          return { id: i.restApiId, name: "n", createdDate: created };
        }),
        op("GetResources", () => ({ position: "p2", items: [{ id: "r1", path: "/", resourceMethods: { GET: { httpMethod: "GET" } } }] })),
        op("PutIntegration", (i) => ({ type: i.type, httpMethod: i.integrationHttpMethod, uri: i.uri, timeoutInMillis: 29000 })),
        op("GetExport", () => ({ contentType: "application/json", contentDisposition: 'attachment; filename="x.json"', body: Buffer.from('{"openapi":"3.0.1"}') })),
        op("TagResource", () => ({})),
        op("ImportRestApi", (i) => ({ id: "imp", name: String((i.body as Buffer).toString("utf8")), warnings: [JSON.stringify(i.parameters)] })),
      ],
    },
  ],
});

const manifest: ServiceManifest = {
  name: "codec-test-apigw",
  tablePrefix: "ctapigw_",
  apis: [{ id: "apigateway", protocol: "restJson1", endpointName: "apigateway", signingNames: ["apigateway"], pathPrefixes: ["/restapis", "/tags"] }],
  load: async () => service,
};

const ctx = useServer({ services: [manifest] });
const apigw = (): APIGatewayClient => ctx.client(APIGatewayClient);

describe("restJson1 from the model", () => {
  it("binds a JSON body and the status code; encodes timestamps and maps", async () => {
    const out = await apigw().send(new CreateRestApiCommand({ name: "api", tags: { team: "a" }, minimumCompressionSize: 5, disableExecuteApiEndpoint: true }));
    expect(seen).toEqual({ op: "CreateRestApi", input: { name: "api", tags: { team: "a" }, minimumCompressionSize: 5, disableExecuteApiEndpoint: true } });
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out).toMatchObject({ id: "abc123", name: "api", createdDate: created, tags: { team: "a" }, binaryMediaTypes: ["image/png"] });
  });

  it("binds URI labels by their locationName, typed query parameters and lists", async () => {
    const out = await apigw().send(new GetResourcesCommand({ restApiId: "abc123", limit: 25, position: "p1", embed: ["methods", "x"] }));
    expect(seen).toEqual({ op: "GetResources", input: { restApiId: "abc123", limit: 25, position: "p1", embed: ["methods", "x"] } });
    // `items` travels as `item` (its locationName).
    expect(out.items).toEqual([{ id: "r1", path: "/", resourceMethods: { GET: { httpMethod: "GET" } } }]);
    expect(out.position).toBe("p2");
  });

  it("renames body members by locationName both ways", async () => {
    const out = await apigw().send(
      new PutIntegrationCommand({ restApiId: "a", resourceId: "r", httpMethod: "GET", type: "HTTP", integrationHttpMethod: "POST", uri: "https://example.com" }),
    );
    expect(seen?.input).toEqual({ restApiId: "a", resourceId: "r", httpMethod: "GET", type: "HTTP", integrationHttpMethod: "POST", uri: "https://example.com" });
    expect(out).toMatchObject({ type: "HTTP", httpMethod: "POST", uri: "https://example.com", timeoutInMillis: 29000 });
  });

  it("sends a blob payload with header-bound output members", async () => {
    const out = await apigw().send(new GetExportCommand({ restApiId: "a", stageName: "prod", exportType: "oas30", accepts: "application/json", parameters: { extensions: "postman" } }));
    expect(seen?.input).toEqual({ restApiId: "a", stageName: "prod", exportType: "oas30", accepts: "application/json", parameters: { extensions: "postman" } });
    expect(out.contentType).toBe("application/json");
    expect(out.contentDisposition).toBe('attachment; filename="x.json"');
    expect(Buffer.from(out.body!).toString("utf8")).toBe('{"openapi":"3.0.1"}');
  });

  it("takes a raw blob body, a query literal and a querystring map", async () => {
    const out = await apigw().send(new ImportRestApiCommand({ body: Buffer.from("openapi: 3.0.1"), failOnWarnings: true, parameters: { endpointConfigurationTypes: "REGIONAL" } }));
    expect(seen?.op).toBe("ImportRestApi");
    expect(Buffer.isBuffer(seen?.input.body)).toBe(true);
    expect(seen?.input.failOnWarnings).toBe(true);
    expect(seen?.input.parameters).toEqual({ endpointConfigurationTypes: "REGIONAL" });
    expect(out.name).toBe("openapi: 3.0.1");
  });

  it("keeps URI-bound members when the body names them too", async () => {
    const res = await fetch(`${ctx.endpoint}/restapis/abc123/resources/r1/methods/GET/integration`, {
      method: "PUT",
      headers: {
        "content-type": "application/json",
        authorization: "AWS4-HMAC-SHA256 Credential=AKIDLOCALAWSTEST/20260101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: JSON.stringify({ type: "MOCK", restApiId: "other", resourceId: "x" }),
    });
    expect(res.status).toBe(201);
    expect(seen?.input).toMatchObject({ restApiId: "abc123", resourceId: "r1", httpMethod: "GET", type: "MOCK" });
  });

  it("answers 204 with no body and decodes a greedy-looking ARN label", async () => {
    const resourceArn = "arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod";
    const out = await apigw().send(new TagResourceCommand({ resourceArn, tags: { a: "b" } }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    expect(seen?.input).toEqual({ resourceArn, tags: { a: "b" } });
  });

  it("encodes errors the SDK parses, and validates before the handler", async () => {
    await expectAwsError(apigw().send(new GetRestApiCommand({ restApiId: "missing" })), { name: "NotFoundException", status: 404, message: "Invalid API identifier specified" });
    seen = undefined;
    await expectAwsError(apigw().send(new CreateRestApiCommand({ name: undefined as never })), {
      name: "ValidationException",
      status: 400,
      message: "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    });
    expect(seen).toBeUndefined();
  });
});
