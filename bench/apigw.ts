/**
 * API Gateway workloads: an HTTP API → Lambda proxy request (trivial handler) through undici at 64
 * connections against the no-op ceiling, then the same route behind a JWT authorizer (tokens
 * signed here, the issuer's JWKS served by this process on loopback). Issue goals: ≥ 35% of the
 * no-op ceiling's throughput with p99 under 20 ms; with the JWT authorizer, ≥ 80% of that.
 * WebSocket APIs (custom figures): RSS growth for 1,000 open connections (goal < 50 MB), a 1 KB
 * broadcast to all of them by one function through PostToConnection (goal < 1 s), and the
 * message → `$default` function → PostToConnection echo round trip (goal p50 < 5 ms), and the
 * emulator's CPU per echo against an HTTP API → Lambda request's, measured alternately in the same
 * run, both at 64 in flight (goal ≤ 3×): 64 connections each with one message in flight against 64
 * requests in flight. An echo is two requests to the emulator (the frame, then the function's
 * PostToConnection), so 2× is about its floor. The one-at-a-time figure is reported too: at one in
 * flight every request costs more (no batching of wake-ups), so it is not comparable with the HTTP row.
 */
import { ApiGatewayV2Client, CreateApiCommand, CreateAuthorizerCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, GetRoutesCommand } from "@aws-sdk/client-apigatewayv2";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import WebSocket from "ws";
import { cpuNs, rssMb } from "./targets.js";
import { benchCredentials, type Target, type Workload } from "./types.js";

const config = (t: Target): { endpoint: string; region: string; credentials: typeof benchCredentials; maxAttempts: number } => ({ endpoint: t.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 });

let apiId = "";
let token = "";

/** A local OpenID issuer (discovery document and JWKS) and a token it signed, valid for a day. */
async function issuer(): Promise<{ url: string; token: string }> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "bench", alg: "RS256", use: "sig" };
  let url = "";
  const server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(req.url === "/jwks.json" ? { keys: [jwk] } : { issuer: url, jwks_uri: `${url}/jwks.json` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signed = await new SignJWT({ sub: "bench", scope: "read" }).setProtectedHeader({ alg: "RS256", kid: "bench" }).setIssuer(url).setAudience("bench").setIssuedAt().setExpirationTime("1d").sign(privateKey);
  return { url, token: signed };
}

async function setupApi(t: Target): Promise<void> {
  if (t.kind !== "local-aws" || apiId) return;
  const fn = await new LambdaClient(config(t)).send(
    new CreateFunctionCommand({ FunctionName: `bench-apigw-${process.pid}`, Runtime: "nodejs20.x", Role: "arn:aws:iam::000000000000:role/bench", Handler: "index.handler", Code: { ZipFile: zipSync({ "index.js": strToU8(`exports.handler = async () => ({ statusCode: 200, body: "ok" });`) }) } }),
  );
  const v2 = new ApiGatewayV2Client(config(t));
  const api = await v2.send(new CreateApiCommand({ Name: "bench", ProtocolType: "HTTP", Target: fn.FunctionArn, RouteKey: "GET /open" }));
  apiId = api.ApiId!;
  const jwt = await issuer();
  token = jwt.token;
  const auth = await v2.send(new CreateAuthorizerCommand({ ApiId: apiId, Name: "jwt", AuthorizerType: "JWT", IdentitySource: ["$request.header.Authorization"], JwtConfiguration: { Issuer: jwt.url, Audience: ["bench"] } }));
  const open = (await v2.send(new GetRoutesCommand({ ApiId: apiId }))).Items![0]!;
  await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: "GET /secure", Target: open.Target, AuthorizationType: "JWT", AuthorizerId: auth.AuthorizerId }));
}

export const workloads: Workload[] = [
  {
    name: "apigateway HTTP API → Lambda proxy (trivial handler)",
    targets: ["local-aws", "noop"],
    concurrency: 64,
    opsPerRound: 4000,
    warmUp: 2000,
    setup: setupApi,
    raw: () => () => ({ method: "GET", path: `/_aws/execute-api/${apiId}/open`, headers: { "user-agent": "bench" } }),
  },
  {
    name: "apigateway HTTP API → Lambda proxy behind a JWT authorizer",
    targets: ["local-aws", "noop"],
    concurrency: 64,
    opsPerRound: 4000,
    warmUp: 2000,
    setup: setupApi,
    raw: () => () => ({ method: "GET", path: `/_aws/execute-api/${apiId}/secure`, headers: { "user-agent": "bench", authorization: `Bearer ${token}` } }),
  },
  {
    name: "apigateway WebSocket: 1,000 connections, broadcast, echo round trip",
    targets: ["local-aws"],
    custom: webSocketFigures,
  },
];

const POST_BACK = `
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require("@aws-sdk/client-apigatewaymanagementapi");
const mgmt = new ApiGatewayManagementApiClient({});
exports.echo = async (event) => {
  const id = event.requestContext.connectionId;
  await mgmt.send(new PostToConnectionCommand({ ConnectionId: id, Data: event.body === "$id" ? id : event.body }));
  return { statusCode: 200 };
};
exports.broadcast = async (event) => {
  const { ids, size } = JSON.parse(event.body);
  const data = "x".repeat(size);
  for (let i = 0; i < ids.length; i += 100) await Promise.all(ids.slice(i, i + 100).map((id) => mgmt.send(new PostToConnectionCommand({ ConnectionId: id, Data: data }))));
  return { statusCode: 200 };
};`;

let wsUrl = "";

async function setupWebSocketApi(t: Target): Promise<void> {
  if (wsUrl) return;
  const lambda = new LambdaClient(config(t));
  const v2 = new ApiGatewayV2Client(config(t));
  const api = await v2.send(new CreateApiCommand({ Name: "bench-ws", ProtocolType: "WEBSOCKET", RouteSelectionExpression: "$request.body.action" }));
  for (const route of ["echo", "broadcast"]) {
    const fn = await lambda.send(new CreateFunctionCommand({ FunctionName: `bench-ws-${route}-${process.pid}`, Runtime: "nodejs20.x", Role: "arn:aws:iam::000000000000:role/bench", Handler: `index.${route}`, Timeout: 60, Code: { ZipFile: zipSync({ "index.js": strToU8(POST_BACK) }) } }));
    const integration = await v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: "AWS_PROXY", IntegrationUri: fn.FunctionArn }));
    await v2.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: route === "echo" ? "$default" : route, Target: `integrations/${integration.IntegrationId}` }));
  }
  await v2.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: "bench", AutoDeploy: true }));
  wsUrl = `${t.endpoint.replace("http", "ws")}/_aws/execute-api/${api.ApiId}/bench`;
}

interface BenchSocket {
  ws: WebSocket;
  onMessage?: (text: string) => void;
}

function open(): Promise<BenchSocket> {
  return new Promise((resolve, reject) => {
    const s: BenchSocket = { ws: new WebSocket(wsUrl, { perMessageDeflate: false }) };
    s.ws.on("message", (data) => s.onMessage?.(data.toString()));
    s.ws.once("open", () => resolve(s));
    s.ws.once("error", reject);
  });
}

async function webSocketFigures(t: Target): Promise<Record<string, number | string>> {
  await setupWebSocketApi(t);
  const before = rssMb(t.pid);
  const sockets: BenchSocket[] = [];
  for (let i = 0; i < 10; i++) sockets.push(...(await Promise.all(Array.from({ length: 100 }, open))));
  const held = rssMb(t.pid) - before;
  const ids = await connectionIds(sockets);
  const size = 1024;
  let received = 0;
  const started = performance.now();
  const all = new Promise<void>((resolve) => {
    for (const s of sockets) s.onMessage = (text) => (text.length === size && ++received === sockets.length ? resolve() : undefined);
  });
  sockets[0]!.ws.send(JSON.stringify({ action: "broadcast", ids, size }));
  await all;
  const broadcastMs = performance.now() - started;
  const rtts: number[] = [];
  const echo = sockets[1]!;
  // The emulator's own CPU per echo (not the function's host process), as the HTTP API row counts it.
  const serialBefore = cpuNs(t.pid);
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      echo.onMessage = () => resolve();
      echo.ws.send(`{"n":${i}}`);
    });
    rtts.push(performance.now() - t0);
  }
  const serialCpuUs = (cpuNs(t.pid) - serialBefore) / 1000 / 200;
  rtts.sort((a, b) => a - b);
  const { echoUs, httpUs } = await echoAgainstHttpApi(t, sockets.slice(0, 64));
  for (const s of sockets) s.ws.terminate();
  return {
    "RSS growth, 1,000 connections (MB)": held.toFixed(1),
    "broadcast 1 KB to 1,000 (ms)": broadcastMs.toFixed(0),
    "echo round trip p50 (ms)": rtts[100]!.toFixed(2),
    "echo round trip p99 (ms)": rtts[198]!.toFixed(2),
    "echo server CPU per round trip, 64 connections (µs)": echoUs.toFixed(0),
    "HTTP API → Lambda server CPU per request, 64 in flight (µs)": httpUs.toFixed(0),
    "echo / HTTP API request CPU (goal ≤ 3)": (echoUs / httpUs).toFixed(2),
    "echo server CPU per round trip, one at a time (µs)": serialCpuUs.toFixed(0),
  };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Server CPU per echo (64 connections, each sending its next message when its echo arrives) and per
 * HTTP API → Lambda request (64 in flight), in alternating slices so that both see the same load.
 */
async function echoAgainstHttpApi(t: Target, sockets: BenchSocket[]): Promise<{ echoUs: number; httpUs: number }> {
  await setupApi(t);
  const pool = new Pool(t.endpoint, { connections: 64, pipelining: 1 });
  const perSocket = 30;
  const requests = 2000;
  const echoes: number[] = [];
  const https: number[] = [];
  try {
    for (let slice = 0; slice < 6; slice++) {
      let sent = 0;
      const httpBefore = cpuNs(t.pid);
      await Promise.all(Array.from({ length: 64 }, async () => {
        while (sent++ < requests) {
          const res = await pool.request({ method: "GET", path: `/_aws/execute-api/${apiId}/open`, headers: { "user-agent": "bench" } });
          await res.body.arrayBuffer();
        }
      }));
      const httpNs = cpuNs(t.pid) - httpBefore;
      const echoBefore = cpuNs(t.pid);
      await Promise.all(sockets.map(async (s, n) => {
        for (let i = 0; i < perSocket; i++) {
          await new Promise<void>((resolve) => {
            s.onMessage = () => resolve();
            s.ws.send(`{"n":${n * perSocket + i}}`);
          });
        }
      }));
      const echoNs = cpuNs(t.pid) - echoBefore;
      // The first slice warms both paths up.
      if (slice === 0) continue;
      https.push(httpNs / 1000 / requests);
      echoes.push(echoNs / 1000 / (sockets.length * perSocket));
    }
  } finally {
    await pool.close();
  }
  return { echoUs: median(echoes), httpUs: median(https) };
}

/** Each socket's connection id: the `$default` function answers `$id` with the sender's id. */
async function connectionIds(sockets: BenchSocket[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < sockets.length; i += 100) {
    ids.push(...(await Promise.all(sockets.slice(i, i + 100).map((s) => new Promise<string>((resolve) => {
      s.onMessage = (text) => resolve(text);
      s.ws.send("$id");
    })))));
  }
  return ids;
}
