import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { rawRequest, useServer } from "../helpers/index.js";
import { json } from "./fixtures.js";

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const dir = mkdtempSync(join(tmpdir(), "la-apigw-cfg-"));
mkdirSync(join(dir, "fns"), { recursive: true });
writeFileSync(join(dir, "fns", "items.js"), `const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require("@aws-sdk/client-apigatewaymanagementapi");
const mgmt = new ApiGatewayManagementApiClient({});
exports.get = async (event) => ({ statusCode: 200, body: JSON.stringify({ id: event.pathParameters.id, routeKey: event.routeKey, rawPath: event.rawPath }) });
exports.put = async (event) => ({ statusCode: 201, body: event.body });
exports.echo = async (event) => { await mgmt.send(new PostToConnectionCommand({ ConnectionId: event.requestContext.connectionId, Data: "echo:" + event.body })); return { statusCode: 200 }; };
exports.rest = async (event) => ({ statusCode: 200, body: JSON.stringify({ resource: event.resource, id: event.pathParameters.id }) });`);
const port = await freePort();
const wsPort = await freePort();
writeFileSync(join(dir, "local-aws.json"), JSON.stringify({
  functions: { getItem: { handler: "items.get", codePath: "./fns" }, putItem: { handler: "items.put", codePath: "./fns" }, restItem: { handler: "items.rest", codePath: "./fns" }, echo: { handler: "items.echo", codePath: "./fns" } },
  apis: {
    shop: { type: "http", routes: { "GET /items/{id}": "getItem", "POST /items": "putItem" }, cors: true, port },
    legacy: { type: "rest", stage: "v1", routes: { "GET /items/{id}": "restItem" } },
    chat: { type: "websocket", stage: "dev", routes: { $default: "echo" }, port: wsPort },
  },
}));
const ctx = useServer({ config: join(dir, "local-aws.json") });

interface Listing { apis: { id: string; name: string; type: string; stages: { name: string; url: string }[] }[] }

describe("APIs from the config file", () => {
  it("installs an HTTP API with its routes, listed at /_local/apis", async () => {
    const listing = json(await rawRequest(ctx.endpoint, { path: "/_local/apis" })) as unknown as Listing;
    const shop = listing.apis.find((a) => a.name === "shop")!;
    expect(shop.type).toBe("HTTP");
    expect(shop.stages.map((s) => s.name)).toEqual(["$default"]);
    const res = await rawRequest(ctx.endpoint, { path: `/_aws/execute-api/${shop.id}/items/12` });
    expect(json(res)).toEqual({ id: "12", routeKey: "GET /items/{id}", rawPath: "/items/12" });
  });

  it("serves the API on its own port at the root, with CORS", async () => {
    const own = `http://127.0.0.1:${port}`;
    const get = await rawRequest(own, { path: "/items/5", headers: { origin: "http://localhost:5173" } });
    expect(get.status).toBe(200);
    expect(json(get).id).toBe("5");
    expect(get.headers["access-control-allow-origin"]).toBe("*");
    const post = await rawRequest(own, { method: "POST", path: "/items", headers: { "content-type": "application/json" }, body: '{"name":"tea"}' });
    expect(post.status).toBe(201);
    expect(json(post)).toEqual({ name: "tea" });
    const preflight = await rawRequest(own, { method: "OPTIONS", path: "/items", headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-methods"]).toBe("*");
    expect((await rawRequest(own, { path: "/nothing" })).status).toBe(404);
  });

  it("installs a REST API on the stage it names", async () => {
    const listing = json(await rawRequest(ctx.endpoint, { path: "/_local/apis" })) as unknown as Listing;
    const legacy = listing.apis.find((a) => a.name === "legacy")!;
    expect(legacy.type).toBe("REST");
    const res = await rawRequest(ctx.endpoint, { path: `/_aws/execute-api/${legacy.id}/v1/items/3` });
    expect(json(res)).toEqual({ resource: "/items/{id}", id: "3" });
  });

  it("serves a WebSocket API on its own port; its function answers through @connections with no endpoint configured", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${wsPort}`);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const reply = new Promise<string>((resolve) => ws.once("message", (data) => resolve(data.toString())));
    ws.send("ping");
    expect(await reply).toBe("echo:ping");
    ws.close();
  });
});
