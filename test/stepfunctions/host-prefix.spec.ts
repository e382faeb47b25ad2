import http from "node:http";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/use-server.js";

const ctx = useServer();

function post(host: string, target: string): Promise<{ status: number; body: string }> {
  const url = new URL(ctx.endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: url.port,
        method: "POST",
        path: "/",
        headers: {
          host: `${host}:${url.port}`,
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": `AWSStepFunctions.${target}`,
          authorization: "AWS4-HMAC-SHA256 Credential=AKIDLOCALAWSTEST/20261126/us-east-1/states/aws4_request, SignedHeaders=host, Signature=0",
        },
      },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end("{}");
  });
}

describe("the sync- host prefix of StartSyncExecution and TestState", () => {
  it("serves sync-localhost and sync-<ip> like localhost, and still refuses other names", async () => {
    expect(await post("sync-localhost", "ListActivities")).toEqual({ status: 200, body: '{"activities":[]}' });
    expect((await post("sync-127.0.0.1", "ListActivities")).status).toBe(200);
    expect((await post("sync-evil.example", "ListActivities")).status).toBe(403);
  });
});
