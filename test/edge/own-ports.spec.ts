import { CloudFrontClient, CreateDistributionCommand } from "@aws-sdk/client-cloudfront";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), "la-edge-cfg-"));
writeFileSync(join(dir, "local-aws.json"), JSON.stringify({ cloudfront: { distributions: { "site-ref": { port } } } }));
const ctx = useServer({ config: join(dir, "local-aws.json") });
const cf = (): CloudFrontClient => ctx.client(CloudFrontClient);

let origin: Server;
let originPort = 0;

beforeAll(async () => {
  origin = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/plain", "cache-control": "max-age=60", "set-cookie": "a=1" });
    res.end(`origin saw ${req.method} ${req.url}`);
  });
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  originPort = (origin.address() as AddressInfo).port;
});

afterAll(async () => {
  origin.closeAllConnections();
  await new Promise<void>((resolve) => origin.close(() => resolve()));
});

describe("a distribution's own port from the config file", () => {
  it("answers 404 until a distribution with that CallerReference exists, then serves it at the port's root", async () => {
    const own = `http://127.0.0.1:${port}`;
    const before = await fetch(`${own}/index.html`);
    expect(before.status).toBe(404);
    expect(await before.text()).toContain("site-ref");

    const created = await cf().send(new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: "site-ref",
        Comment: "",
        Enabled: true,
        Origins: { Quantity: 1, Items: [{ Id: "app", DomainName: "localhost", CustomOriginConfig: { HTTPPort: originPort, HTTPSPort: 443, OriginProtocolPolicy: "http-only" } }] },
        DefaultCacheBehavior: { TargetOriginId: "app", ViewerProtocolPolicy: "allow-all", CachePolicyId: "658327ea-f89d-4fab-a63d-7e88639e58f6" },
      },
    }));
    const id = created.Distribution!.Id!;

    const first = await fetch(`${own}/index.html?x=1`);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe("origin saw GET /index.html");
    expect(first.headers.get("x-cache")).toBe("Miss from cloudfront");
    expect(first.headers.get("set-cookie")).toBe("a=1");
    const second = await fetch(`${own}/index.html`);
    await second.text();
    expect(second.headers.get("x-cache")).toBe("Hit from cloudfront");

    const listing = (await (await fetch(`${ctx.endpoint}/_local/cloudfront`)).json()) as { distributions: { id: string; port?: number; urls: string[] }[] };
    const listed = listing.distributions.find((d) => d.id === id)!;
    expect(listed.port).toBe(port);
    expect(listed.urls[0]).toMatch(new RegExp(`:${port}/$`));
  });
});
