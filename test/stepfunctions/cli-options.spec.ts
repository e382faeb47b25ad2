/**
 * `local-aws start --sfn-mock-config <file> --sfn-wait-time-scale <n>`: the CLI (run from source)
 * on the real clock, with SFN Local's mock file and a wait scale of 0.
 */
import { CreateStateMachineCommand, SFNClient, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChild, type Child } from "../helpers/child.js";
import { testCredentials } from "../helpers/index.js";
import { ROLE } from "./helpers.js";

const fixtures = join(import.meta.dirname, "fixtures");
let child: Child;
let sfn: SFNClient;

beforeAll(async () => {
  const script = "import('./src/cli.ts').then((m) => m.main(['node', 'local-aws', ...process.argv.slice(1)]))";
  child = startChild(
    process.execPath,
    ["--import", "tsx", "-e", script, "start", "--port", "0", "--in-memory", "--log-level", "warn", "--sfn-mock-config", join(fixtures, "MockConfigFile.json"), "--sfn-wait-time-scale", "0"],
    // The flags win over SFN Local's variables.
    { SFN_MOCK_CONFIG: join(fixtures, "no-such-file.json"), WAIT_TIME_SCALE: "1" },
  );
  const [, endpoint] = await child.waitFor(/endpoint:\s+(http:\/\/127\.0\.0\.1:\d+)/, 60_000);
  sfn = new SFNClient({ endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1, disableHostPrefix: true });
}, 90_000);

afterAll(async () => {
  child.proc.kill("SIGTERM");
  await child.exit();
});

describe("the Step Functions start options", () => {
  it("--sfn-wait-time-scale 0 skips an hour's Wait on the real clock", async () => {
    const definition = JSON.stringify({ StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } });
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: "scaled", definition, roleArn: ROLE, type: "EXPRESS" }));
    const started = Date.now();
    const out = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"a":1}' }));
    expect(out.status).toBe("SUCCEEDED");
    expect(out.output).toBe('{"a":1}');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("--sfn-mock-config runs SFN Local's test cases", async () => {
    const definition = readFileSync(join(fixtures, "LambdaSQSIntegration.asl.json"), "utf8");
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: "LambdaSQSIntegration", definition, roleArn: ROLE, type: "EXPRESS" }));
    const out = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: `${stateMachineArn}#HappyPath`, input: "{}" }));
    expect(out.status).toBe("SUCCEEDED");
    expect(JSON.parse(out.output!)).toMatchObject({ MessageId: "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51" });
  });
});
