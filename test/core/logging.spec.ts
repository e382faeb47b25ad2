import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { startLocalAws } from "../../src/index.js";
import { fakeManifest } from "../helpers/fake-services.js";
import { testCredentials } from "../helpers/index.js";

describe("request logging", () => {
  it("writes one JSON line per request at debug level with service, operation, status and ms", async () => {
    const sink = new PassThrough();
    let text = "";
    sink.on("data", (d: Buffer) => (text += d.toString()));
    const aws = await startLocalAws({ port: 0, inMemory: true, services: [fakeManifest], logLevel: "debug", logDestination: sink });
    try {
      await new DynamoDBClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials }).send(new ListTablesCommand({}));
      await new Promise((r) => setImmediate(r));
      const lines = text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
      const request = lines.find((l) => l.operation === "ListTables");
      expect(request).toMatchObject({ level: 20, service: "fake", operation: "ListTables", status: 200, msg: "request" });
      expect(typeof request!.ms).toBe("number");
    } finally {
      await aws.stop();
    }
  });
});
