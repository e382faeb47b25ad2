import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:https";
import { connect } from "node:http2";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";

const dataDir = mkdtempSync(join(tmpdir(), "local-aws-tls-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("--tls", () => {
  it("serves HTTPS (HTTP/1.1 and h2 by ALPN) and plain HTTP on one port, with a kept self-signed certificate", async () => {
    const aws = await startLocalAws({ port: 0, dataDir, tls: true, logLevel: "silent" });
    try {
      const { httpsUrl, certificatePath } = aws.server;
      expect(httpsUrl).toBe(`https://localhost:${aws.port}`);
      const ca = readFileSync(certificatePath!, "utf8");
      const cert = new X509Certificate(ca);
      expect(cert.checkHost("localhost")).toBe("localhost");
      expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");

      // Verified against the certificate, as a client told to trust it does.
      const ddb = new DynamoDBClient({ endpoint: httpsUrl, region: "us-east-1", credentials: testCredentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca }) }) });
      expect((await ddb.send(new ListTablesCommand({}))).TableNames).toEqual([]);
      ddb.destroy();

      const session = connect(httpsUrl!, { ca });
      const req = session.request({ ":method": "GET", ":path": "/_local/health" });
      req.end();
      const headers = await new Promise<Record<string, unknown>>((resolve) => req.once("response", resolve));
      let body = "";
      for await (const chunk of req) body += String(chunk);
      session.close();
      expect(headers[":status"]).toBe(200);
      expect(JSON.parse(body)).toMatchObject({ status: "running" });

      expect((await fetch(`${aws.endpoint}/_local/health`)).status).toBe(200);
    } finally {
      await aws.stop();
    }
    // The next start serves the same certificate (clients keep trusting it).
    const again = await startLocalAws({ port: 0, dataDir, tls: true, logLevel: "silent" });
    try {
      expect(readFileSync(again.server.certificatePath!, "utf8")).toBe(readFileSync(join(dataDir, "tls", "local-aws.crt"), "utf8"));
      const session = connect(again.server.httpsUrl!, { ca: readFileSync(again.server.certificatePath!) });
      const req = session.request({ ":path": "/_local/health" });
      req.end();
      const headers = await new Promise<Record<string, unknown>>((resolve) => req.once("response", resolve));
      req.resume();
      session.close();
      expect(headers[":status"]).toBe(200);
    } finally {
      await again.stop();
    }
  });
});
