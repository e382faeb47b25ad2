import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { startChild } from "../helpers/child.js";
import { testCredentials } from "../helpers/index.js";
import { decode, ROLE, zipOf } from "../runtime/fixtures.js";

describe("graceful shutdown", () => {
  it("lets an in-flight request finish on SIGTERM, then exits 0", async () => {
    const child = startChild(process.execPath, ["bin/local-aws.js", "start", "--port", "0", "--in-memory"], { LOCAL_AWS_LOG_LEVEL: "warn" });
    const [, endpoint] = await child.waitFor(/endpoint:\s+(http:\/\/127\.0\.0\.1:\d+)/);
    const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: "slow",
        Runtime: "nodejs20.x",
        Role: ROLE,
        Handler: "index.handler",
        Timeout: 10,
        Code: { ZipFile: zipOf({ "index.js": "exports.handler = () => new Promise((r) => setTimeout(() => r({ done: true }), 1500));" }) },
      }),
    );
    const inFlight = lambda.send(new InvokeCommand({ FunctionName: "slow" }));
    await new Promise((r) => setTimeout(r, 500));
    child.proc.kill("SIGTERM");
    const out = await inFlight;
    expect(out.StatusCode).toBe(200);
    expect(decode(out.Payload)).toEqual({ done: true });
    expect(await child.exit()).toEqual({ code: 0, signal: null });
    lambda.destroy();
  });
});
