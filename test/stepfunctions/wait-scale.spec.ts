import { CreateStateMachineCommand, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/use-server.js";
import { ROLE, sfnClient } from "./helpers.js";

const configPath = join(mkdtempSync(join(tmpdir(), "sfn-scale-")), "local-aws.json");
writeFileSync(configPath, JSON.stringify({ stepfunctions: { waitTimeScale: 0 } }));
// The real clock: SFN Local's WAIT_TIME_SCALE is for users who cannot move time.
const ctx = useServer({ virtualClock: false, config: configPath });

describe("waitTimeScale (SFN Local's WAIT_TIME_SCALE)", () => {
  it("0 skips an hour's Wait and a retrier's backoff on the real clock", async () => {
    const sfn = sfnClient(ctx);
    const definition = JSON.stringify({
      StartAt: "W",
      States: {
        W: { Type: "Wait", Seconds: 3600, Next: "F" },
        F: {
          Type: "Parallel",
          Branches: [{ StartAt: "X", States: { X: { Type: "Fail", Error: "E" } } }],
          Retry: [{ ErrorEquals: ["E"], IntervalSeconds: 600, MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ["E"], Next: "Done" }],
          End: true,
        },
        Done: { Type: "Succeed" },
      },
    });
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: "scaled", definition, roleArn: ROLE, type: "EXPRESS" }));
    const started = Date.now();
    const out = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: "{}" }));
    expect(out.status).toBe("SUCCEEDED");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
