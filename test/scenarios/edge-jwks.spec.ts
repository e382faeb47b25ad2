/**
 * Seed use case: JWT checked at the edge against the identity provider's JWKS, with jose inside a
 * Lambda@Edge viewer-request function (bundled in its zip, as a user ships it). The JWKS is
 * fetched by the function from the provider (a loopback server here) once per environment.
 */
import { CloudFrontClient, CreateDistributionCommand } from "@aws-sdk/client-cloudfront";
import { LambdaClient, PublishVersionCommand } from "@aws-sdk/client-lambda";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";
import { createFunction, packages } from "./helpers.js";

const ctx = useServer();
const ISSUER = "https://issuer.example";
let idp: Server;
let app: Server;
let jwksFetches = 0;
let privateKey: CryptoKey;
let otherKey: CryptoKey;
let get: (path: string, token?: string) => Promise<Response>;

const handler = (jwksUrl: string): string => `
const JWKS_URL = ${JSON.stringify(jwksUrl)};
let jwks;
const h = (key, value) => [{ key, value }];
const deny = (reason) => ({ status: "401", statusDescription: "Unauthorized", headers: { "content-type": h("Content-Type", "text/plain"), "www-authenticate": h("WWW-Authenticate", "Bearer") }, body: reason });
exports.handler = async (event) => {
  const { createRemoteJWKSet, jwtVerify } = await import("jose");
  jwks ??= createRemoteJWKSet(new URL(JWKS_URL));
  const request = event.Records[0].cf.request;
  const auth = request.headers.authorization ? request.headers.authorization[0].value : "";
  if (!auth.startsWith("Bearer ")) return deny("no token");
  try {
    const { payload } = await jwtVerify(auth.slice(7), jwks, { issuer: ${JSON.stringify(ISSUER)}, audience: "edge-app" });
    request.headers["x-user"] = h("X-User", String(payload.sub));
    return request;
  } catch (err) {
    return deny(err.code || "invalid token");
  }
};`;

function token(key: CryptoKey, expiresIn: string | number = "5m", kid = "key-1"): Promise<string> {
  return new SignJWT({ scope: "read" }).setProtectedHeader({ alg: "RS256", kid }).setSubject("user-42").setIssuer(ISSUER).setAudience("edge-app").setIssuedAt().setExpirationTime(expiresIn).sign(key);
}

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair("RS256")).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: "key-1", alg: "RS256", use: "sig" };
  idp = createServer((req, res) => {
    if (req.url !== "/.well-known/jwks.json") return void res.writeHead(404).end();
    jwksFetches++;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  app = createServer((req, res) => res.end(`hello ${String(req.headers["x-user"])}`));
  await Promise.all([idp, app].map((s) => new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve))));
  const jwksUrl = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/.well-known/jwks.json`;

  const lambda = ctx.client(LambdaClient);
  const fn = await createFunction(lambda, handler(jwksUrl), { files: packages(["jose"]), timeout: 5, memory: 128 });
  const version = (await lambda.send(new PublishVersionCommand({ FunctionName: fn.name }))).FunctionArn!;
  const out = await ctx.client(CloudFrontClient).send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: "edge-jwks",
        Comment: "",
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: "app", DomainName: "localhost", CustomOriginConfig: { HTTPPort: (app.address() as AddressInfo).port, HTTPSPort: 443, OriginProtocolPolicy: "http-only" } }] },
        DefaultCacheBehavior: {
          TargetOriginId: "app",
          ViewerProtocolPolicy: "allow-all",
          CachePolicyId: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
          OriginRequestPolicyId: "216adef6-5c7f-47e4-b989-5492eafa07d3",
          LambdaFunctionAssociations: { Quantity: 1, Items: [{ LambdaFunctionARN: version, EventType: "viewer-request" }] },
        },
      },
    }),
  );
  const id = out.Distribution!.Id!;
  get = (path, t) => fetch(`${ctx.endpoint}/_aws/cloudfront/${id}${path}`, { headers: t ? { authorization: `Bearer ${t}` } : {} });
}, 60_000);

afterAll(() => {
  idp?.close();
  app?.close();
});

describe("JWT with JWKS (jose in Lambda@Edge)", () => {
  it("lets a token signed by the provider's key through to the origin with its subject; refuses missing, foreign, expired ones", async () => {
    const ok = await get("/profile", await token(privateKey));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("hello user-42");

    const none = await get("/profile");
    expect(none.status).toBe(401);
    expect(none.headers.get("x-cache")).toBe("LambdaGeneratedResponse from cloudfront");
    expect(await none.text()).toBe("no token");

    const foreign = await get("/profile", await token(otherKey));
    expect(foreign.status).toBe(401);
    expect(await foreign.text()).toBe("ERR_JWS_SIGNATURE_VERIFICATION_FAILED");

    const expired = await get("/profile", await token(privateKey, Math.floor(Date.now() / 1000) - 60));
    expect(expired.status).toBe(401);
    expect(await expired.text()).toBe("ERR_JWT_EXPIRED");

    // jose keeps the key set in the warm environment: one fetch of the JWKS for all of these.
    expect(jwksFetches).toBe(1);
  });
});
