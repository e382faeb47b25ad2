/**
 * API Gateway workloads: an HTTP API → Lambda proxy request (trivial handler) through undici at 64
 * connections against the no-op ceiling, then the same route behind a JWT authorizer (tokens
 * signed here, the issuer's JWKS served by this process on loopback). Issue goals: ≥ 35% of the
 * no-op ceiling's throughput with p99 under 20 ms; with the JWT authorizer, ≥ 80% of that.
 */
import { ApiGatewayV2Client, CreateApiCommand, CreateAuthorizerCommand, CreateRouteCommand, GetRoutesCommand } from "@aws-sdk/client-apigatewayv2";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
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
];
