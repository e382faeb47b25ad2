import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, PostToConnectionCommand } from "@aws-sdk/client-apigatewaymanagementapi";
import { ApiGatewayV2Client, CreateApiCommand, CreateAuthorizerCommand, CreateIntegrationCommand, CreateRouteCommand, CreateRouteResponseCommand, CreateStageCommand, UpdateStageCommand } from "@aws-sdk/client-apigatewayv2";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { expectAwsError, rawRequest, uniqueName, useServer } from "../helpers/index.js";
import { createFn, json } from "./fixtures.js";

const ctx = useServer();
const v2 = (): ApiGatewayV2Client => ctx.client(ApiGatewayV2Client);
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const sqs = (): SQSClient => ctx.client(SQSClient);

interface Client {
  ws: WebSocket;
  messages: string[];
  next(): Promise<string>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Connects; rejects with the handshake's status when it is refused. */
function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: string[] = [];
    const waiting: ((m: string) => void)[] = [];
    ws.on("message", (data) => {
      const text = data.toString();
      const w = waiting.shift();
      if (w) w(text);
      else messages.push(text);
    });
    const closed = new Promise<{ code: number; reason: string }>((done) => ws.on("close", (code, reason) => done({ code, reason: reason.toString() })));
    ws.on("open", () => resolve({ ws, messages, closed, next: () => (messages.length ? Promise.resolve(messages.shift()!) : new Promise((r) => waiting.push(r))) }));
    ws.on("unexpected-response", (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.on("error", reject);
  });
}

let apiId = "";
let url = "";
let queueUrl = "";

beforeAll(async () => {
  queueUrl = (await sqs().send(new CreateQueueCommand({ QueueName: uniqueName("ws-events") }))).QueueUrl!;
  const api = await v2().send(new CreateApiCommand({ Name: uniqueName("chat"), ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" }));
  apiId = api.ApiId!;
  const record = await createFn(lambda(), `
const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
const sqs = new SQSClient({});
exports.handler = async (event) => { await sqs.send(new SendMessageCommand({ QueueUrl: ${JSON.stringify(queueUrl)}, MessageBody: JSON.stringify(event) })); return { statusCode: 200 }; };`);
  const echo = await createFn(lambda(), `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });`);
  const broadcast = await createFn(lambda(), `
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require("@aws-sdk/client-apigatewaymanagementapi");
const client = new ApiGatewayManagementApiClient({});
exports.handler = async (event) => {
  const { to, text } = JSON.parse(event.body);
  for (const id of to) await client.send(new PostToConnectionCommand({ ConnectionId: id, Data: text }));
  return { statusCode: 200 };
};`);
  const authorizer = await createFn(lambda(), `exports.handler = async (event) => ({ principalId: "user-" + event.queryStringParameters.token, policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: event.queryStringParameters.token === "bad" ? "Deny" : "Allow", Resource: event.methodArn }] }, context: { room: "lobby" } });`);
  const integration = async (fn: string): Promise<string> => `integrations/${(await v2().send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: "AWS_PROXY", IntegrationUri: fn }))).IntegrationId}`;
  const auth = await v2().send(new CreateAuthorizerCommand({ ApiId: apiId, Name: "token", AuthorizerType: "REQUEST", AuthorizerUri: authorizer, IdentitySource: ["route.request.querystring.token"] }));
  await v2().send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "$connect", Target: await integration(record), AuthorizationType: "CUSTOM", AuthorizerId: auth.AuthorizerId }));
  await v2().send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "$disconnect", Target: await integration(record) }));
  const echoRoute = await v2().send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "echo", Target: await integration(echo), RouteResponseSelectionExpression: "$default" }));
  await v2().send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: echoRoute.RouteId, RouteResponseKey: "$default" }));
  await v2().send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "broadcast", Target: await integration(broadcast) }));
  await v2().send(new CreateStageCommand({ ApiId: apiId, StageName: "dev", AutoDeploy: true }));
  url = `${ctx.endpoint.replace("http", "ws")}/_aws/execute-api/${apiId}/dev`;
});

const ofType = (list: Record<string, unknown>[], type: string): Record<string, unknown>[] => list.filter((e) => (e.requestContext as { eventType: string }).eventType === type);

async function events(): Promise<Record<string, unknown>[]> {
  await ctx.aws.settle();
  const res = await sqs().send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
  // Deleted, so that advancing the clock past their visibility timeout does not bring them back.
  if (res.Messages?.length) await sqs().send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: res.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
  return (res.Messages ?? []).map((m) => JSON.parse(m.Body!) as Record<string, unknown>);
}

/** The connection ids of the clients that connected with these tokens, from their CONNECT events (in token order). */
async function connectionIdsOf(tokens: string[]): Promise<string[]> {
  const found = new Map<string, string>();
  for (let i = 0; i < 20 && found.size < tokens.length; i++) {
    for (const e of ofType(await events(), "CONNECT")) {
      const token = (e.queryStringParameters as Record<string, string> | undefined)?.token;
      if (token && tokens.includes(token)) found.set(token, (e.requestContext as { connectionId: string }).connectionId);
    }
  }
  return tokens.map((t) => found.get(t)!);
}

const mgmt = (): ApiGatewayManagementApiClient => ctx.client(ApiGatewayManagementApiClient, { endpoint: `${ctx.endpoint}/_aws/execute-api/${apiId}/dev` });

describe("connecting", () => {
  it("runs the authorizer and $connect with AWS's event; refuses a denied or anonymous handshake", async () => {
    const client = await connect(`${url}?token=alice`, { "x-room": "r1" });
    const [connected] = ofType(await events(), "CONNECT");
    const rc = connected!.requestContext as Record<string, unknown>;
    expect(rc).toMatchObject({ routeKey: "$connect", eventType: "CONNECT", messageDirection: "IN", stage: "dev", apiId, identity: { sourceIp: "127.0.0.1" } });
    expect(rc.connectionId).toMatch(/^[A-Za-z0-9+_]{15}=$/);
    expect(rc.requestTimeEpoch).toBe(Number(ctx.clock.now()));
    expect(connected!.queryStringParameters).toEqual({ token: "alice" });
    expect((connected!.headers as Record<string, string>)["x-room"]).toBe("r1");
    expect(connected!.isBase64Encoded).toBe(false);
    await expect(connect(`${url}?token=bad`)).rejects.toThrow("status 403");
    await expect(connect(url)).rejects.toThrow("status 401");
    client.ws.close();
    await client.closed;
    await events();
  });
});

describe("messages", () => {
  it("routes by action, answers on a two-way route with AWS's MESSAGE event, and refuses unmatched keys without $default", async () => {
    const client = await connect(`${url}?token=bob`);
    await events();
    client.ws.send(JSON.stringify({ action: "echo", text: "hi" }));
    const event = JSON.parse(await client.next()) as Record<string, unknown>;
    const rc = event.requestContext as Record<string, unknown>;
    expect(event.body).toBe('{"action":"echo","text":"hi"}');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.headers).toBeUndefined();
    expect(rc).toMatchObject({ routeKey: "echo", eventType: "MESSAGE", messageDirection: "IN", stage: "dev", apiId, authorizer: { room: "lobby", principalId: "user-bob" } });
    expect(typeof rc.messageId).toBe("string");
    expect(typeof rc.connectedAt).toBe("number");
    client.ws.send("not json");
    const refused = JSON.parse(await client.next()) as Record<string, unknown>;
    expect(refused).toMatchObject({ message: "Forbidden", connectionId: rc.connectionId });
    expect(typeof refused.requestId).toBe("string");
    client.ws.close();
    await client.closed;
  });

  it("closes the connection with 1003 on a binary frame and 1009 on a message over 128 KB", async () => {
    const a = await connect(`${url}?token=c`);
    a.ws.send(Buffer.from([1, 2, 3]));
    expect((await a.closed).code).toBe(1003);
    const b = await connect(`${url}?token=d`);
    b.ws.send("x".repeat(128 * 1024 + 1));
    expect((await b.closed).code).toBe(1009);
    await events();
  });
});

describe("frame and message limits", () => {
  it("closes with 1009 on a frame over 32 KB; a 120 KB message in 30 KB frames goes through; one of 150 KB does not", async () => {
    const big = await connect(`${url}?token=f1`);
    big.ws.send(JSON.stringify({ action: "echo", pad: "x".repeat(33 * 1024) }));
    expect((await big.closed).code).toBe(1009);

    const fragmented = await connect(`${url}?token=f2`);
    const text = JSON.stringify({ action: "echo", pad: "y".repeat(120 * 1024 - 40) });
    const frames = text.match(/[^]{1,30720}/g)!;
    expect(frames.length).toBe(4);
    frames.forEach((part, i) => fragmented.ws.send(part, { fin: i === frames.length - 1 }));
    const echoed = JSON.parse(await fragmented.next()) as { body: string };
    expect(echoed.body).toBe(text);
    fragmented.ws.close();
    await fragmented.closed;

    const tooLong = await connect(`${url}?token=f3`);
    const parts = Array.from({ length: 5 }, () => "z".repeat(30 * 1024));
    parts.forEach((part, i) => tooLong.ws.send(part, { fin: i === parts.length - 1 }));
    expect((await tooLong.closed).code).toBe(1009);
    await events();
  });
});

describe("@connections", () => {
  it("broadcasts from a function, reports a connection, and answers GoneException once it left", async () => {
    const tokens = ["e1", "e2", "e3"];
    const clients = await Promise.all(tokens.map((t) => connect(`${url}?token=${t}`)));
    const ids = await connectionIdsOf(tokens);
    clients[0]!.ws.send(JSON.stringify({ action: "broadcast", to: ids, text: "hello all" }));
    expect(await Promise.all(clients.map((c) => c.next()))).toEqual(["hello all", "hello all", "hello all"]);
    const info = await mgmt().send(new GetConnectionCommand({ ConnectionId: ids[1] }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.Identity?.SourceIp).toBe("127.0.0.1");
    await mgmt().send(new PostToConnectionCommand({ ConnectionId: ids[2], Data: Buffer.from("direct") }));
    expect(await clients[2]!.next()).toBe("direct");
    // Every length encoding of a frame's header (7-bit, 16-bit, 64-bit), up to the 128 KB limit.
    for (const size of [0, 125, 126, 65535, 65536, 128 * 1024]) {
      const data = Buffer.alloc(size, size % 26 + 97);
      await mgmt().send(new PostToConnectionCommand({ ConnectionId: ids[2], Data: data }));
      expect(await clients[2]!.next()).toBe(data.toString("utf8"));
    }
    clients[0]!.ws.close();
    await clients[0]!.closed;
    await ctx.aws.settle();
    await expectAwsError(mgmt().send(new PostToConnectionCommand({ ConnectionId: ids[0], Data: Buffer.from("x") })), { name: "GoneException", status: 410 });
    await expectAwsError(mgmt().send(new PostToConnectionCommand({ ConnectionId: ids[1], Data: Buffer.alloc(128 * 1024 + 1) })), { name: "PayloadTooLargeException", status: 413 });
    for (const c of clients.slice(1)) c.ws.close();
    await Promise.all(clients.map((c) => c.closed));
    await events();
  });

  it("DeleteConnection closes the socket and runs $disconnect once", async () => {
    const client = await connect(`${url}?token=f`);
    const [id] = await connectionIdsOf(["f"]);
    await mgmt().send(new DeleteConnectionCommand({ ConnectionId: id }));
    await client.closed;
    const after = ofType(await events(), "DISCONNECT").filter((e) => (e.requestContext as { connectionId: string }).connectionId === id);
    expect(after).toHaveLength(1);
    const rc = after[0]!.requestContext as Record<string, unknown>;
    expect(rc).toMatchObject({ routeKey: "$disconnect", eventType: "DISCONNECT", connectionId: id, authorizer: { room: "lobby" } });
    expect(typeof rc.disconnectStatusCode).toBe("number");
    expect(after[0]!.headers).toBeDefined();
  });
});

describe("limits on the clock", () => {
  it("closes a connection after ten minutes of silence and runs $disconnect", async () => {
    const client = await connect(`${url}?token=g`);
    await events();
    await ctx.clock.advance(9 * 60_000);
    client.ws.send(JSON.stringify({ action: "echo" }));
    await client.next();
    await ctx.clock.advance(9 * 60_000);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    await ctx.clock.advance(60_000 + 1);
    expect((await client.closed).code).toBe(1001);
    const after = ofType(await events(), "DISCONNECT");
    expect((after[0]!.requestContext as { connectionId: string }).connectionId).toBeDefined();
  });

  it("lists the stage's ws:// URL at /_local/apis", async () => {
    const listing = json(await rawRequest(ctx.endpoint, { path: "/_local/apis" })) as { apis: { id: string; type: string; stages: { url: string }[] }[] };
    const entry = listing.apis.find((a) => a.id === apiId)!;
    expect(entry.type).toBe("WEBSOCKET");
    expect(entry.stages[0]!.url).toMatch(new RegExp(`^ws://.+/_aws/execute-api/${apiId}/dev$`));
  });

  it("answers AWS's Limit Exceeded frame when a route's throttling bucket is empty", async () => {
    await v2().send(new UpdateStageCommand({ ApiId: apiId, StageName: "dev", RouteSettings: { echo: { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 0.001 } } }));
    const client = await connect(`${url}?token=h`);
    client.ws.send(JSON.stringify({ action: "echo" }));
    expect((JSON.parse(await client.next()) as { requestContext: { routeKey: string } }).requestContext.routeKey).toBe("echo");
    client.ws.send(JSON.stringify({ action: "echo" }));
    expect(JSON.parse(await client.next())).toMatchObject({ message: "Limit Exceeded" });
    await v2().send(new UpdateStageCommand({ ApiId: apiId, StageName: "dev", RouteSettings: {} }));
    client.ws.close();
    await client.closed;
    await events();
  });
});
