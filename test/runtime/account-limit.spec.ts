import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError, useServer } from "../helpers/index.js";
import { createFn, decode } from "./fixtures.js";

// An account whose concurrency limit is 2 (settable in the config file, `lambda.accountConcurrency`).
const dir = mkdtempSync(join(tmpdir(), "la-acct-"));
writeFileSync(join(dir, "local-aws.json"), JSON.stringify({ lambda: { accountConcurrency: 2 } }));
const ctx = useServer({ config: join(dir, "local-aws.json") });
const lambda = (): LambdaClient => ctx.client(LambdaClient);

describe("errors", () => {
  it("throttles a synchronous invoke beyond the account's concurrency with ConcurrentInvocationLimitExceeded", async () => {
    const slow = await createFn(lambda(), `exports.handler = async () => { await new Promise(r => setTimeout(r, 600)); return "slow"; };`);
    const other = await createFn(lambda(), `exports.handler = async () => "other";`);
    const running = [1, 2].map(() => lambda().send(new InvokeCommand({ FunctionName: slow })));
    await new Promise((r) => setTimeout(r, 200));
    const err = await expectAwsError<Error & { Reason?: string }>(lambda().send(new InvokeCommand({ FunctionName: other })), {
      name: "TooManyRequestsException",
      status: 429,
      message: "Rate Exceeded.",
    });
    expect(err.Reason).toBe("ConcurrentInvocationLimitExceeded");
    expect((await Promise.all(running)).map((r) => decode(r.Payload))).toEqual(["slow", "slow"]);
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: other }))).Payload)).toBe("other");
  });
});
