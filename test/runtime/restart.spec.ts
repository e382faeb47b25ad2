import { DeleteFunctionCommand, InvokeCommand, LambdaClient, PublishVersionCommand, CreateAliasCommand, PutFunctionEventInvokeConfigCommand, GetAliasCommand } from "@aws-sdk/client-lambda";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";
import { decode } from "./fixtures.js";
import { recorder } from "./recorder.js";

function client(aws: LocalAws): LambdaClient {
  return new LambdaClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });
}

describe("behaviour", () => {
  it("keeps functions, versions, aliases and queued async events across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "la-restart-"));
    const start = (): Promise<LocalAws> => startLocalAws({ port: 0, dataDir, virtualClock: true, logLevel: "silent" });
    let aws = await start();
    let lambda = client(aws);
    const fn = await recorder(lambda, `if (e.fail) throw new Error("fails"); return { ok: e.n };`);
    await lambda.send(new PublishVersionCommand({ FunctionName: fn.name }));
    await lambda.send(new CreateAliasCommand({ FunctionName: fn.name, Name: "live", FunctionVersion: "1" }));
    await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: fn.name, MaximumRetryAttempts: 1 }));
    // A failing event waits for its retry (1 minute) when the server stops.
    await lambda.send(new InvokeCommand({ FunctionName: fn.name, InvocationType: "Event", Payload: Buffer.from('{"fail":true,"n":1}') }));
    await aws.settle();
    expect(fn.events()).toHaveLength(1);
    await aws.stop();

    aws = await start();
    lambda = client(aws);
    try {
      expect((await lambda.send(new GetAliasCommand({ FunctionName: fn.name, Name: "live" }))).FunctionVersion).toBe("1");
      expect(decode((await lambda.send(new InvokeCommand({ FunctionName: fn.name, Qualifier: "live", Payload: Buffer.from('{"n":5}') }))).Payload)).toEqual({ ok: 5 });
      await aws.clock.advance(60_000);
      const retried = fn.events().filter((e) => e.fail === true);
      expect(retried).toHaveLength(2);
    } finally {
      await aws.stop();
    }
  });

  it("restores functions from a snapshot and serves them from fresh environments", async () => {
    const aws = await startLocalAws({ port: 0, inMemory: true, virtualClock: true, logLevel: "silent" });
    try {
      const lambda = client(aws);
      const fn = await recorder(lambda, `return { n: e.n };`);
      expect(decode((await lambda.send(new InvokeCommand({ FunctionName: fn.name, Payload: Buffer.from('{"n":1}') }))).Payload)).toEqual({ n: 1 });
      const snap = await aws.snapshot();
      await lambda.send(new DeleteFunctionCommand({ FunctionName: fn.name }));
      await aws.restore(snap);
      expect(decode((await lambda.send(new InvokeCommand({ FunctionName: fn.name, Payload: Buffer.from('{"n":2}') }))).Payload)).toEqual({ n: 2 });
      await aws.reset();
      const gone = await lambda.send(new InvokeCommand({ FunctionName: fn.name })).catch((err: Error) => err.name);
      expect(gone).toBe("ResourceNotFoundException");
    } finally {
      await aws.stop();
    }
  });
});
