/**
 * Executions parked in a Wait and in a callback survive kill -9: a real local-aws process is
 * killed with SIGKILL, restarted on the same data dir, and both executions finish.
 */
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startChild, type Child } from "../helpers/child.js";
import { adminCall, testCredentials } from "../helpers/index.js";
import { ROLE } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "local-aws-sfn-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(dataDir: string): Promise<{ child: Child; endpoint: string }> {
  const child = startChild(process.execPath, ["--import", "tsx", "test/helpers/builtin-server-main.ts", dataDir, "--virtual-clock"]);
  const endpoint = JSON.parse((await child.waitFor(/^\{.*\}$/m))[0]).endpoint as string;
  return { child, endpoint };
}

const config = (endpoint: string) => ({ endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1, disableHostPrefix: true });

describe("executions across kill -9", () => {
  it("resumes a 1-day Wait and a callback after the restart", async () => {
    const dataDir = join(dir, "resume");
    const first = await start(dataDir);
    const sfn = new SFNClient(config(first.endpoint));
    const sqs = new SQSClient(config(first.endpoint));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "approvals" }));
    const waits = await sfn.send(
      new CreateStateMachineCommand({
        name: "waits",
        roleArn: ROLE,
        definition: JSON.stringify({ StartAt: "Before", States: { Before: { Type: "Pass", Result: { n: 1 }, Next: "W" }, W: { Type: "Wait", Seconds: 86_400, Next: "After" }, After: { Type: "Pass", End: true } } }),
      }),
    );
    const asks = await sfn.send(
      new CreateStateMachineCommand({
        name: "asks",
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: "Ask",
          States: { Ask: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken", Parameters: { QueueUrl, "MessageBody.$": "$$.Task.Token" }, End: true } },
        }),
      }),
    );
    const w = await sfn.send(new StartExecutionCommand({ stateMachineArn: waits.stateMachineArn, name: "w1" }));
    const a = await sfn.send(new StartExecutionCommand({ stateMachineArn: asks.stateMachineArn, name: "a1" }));
    await adminCall(first.endpoint, "POST", "/_local/settle");
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1 }));
    const token = Messages![0]!.Body!;
    first.child.proc.kill("SIGKILL");
    expect((await first.child.exit()).signal).toBe("SIGKILL");

    const second = await start(dataDir);
    const sfn2 = new SFNClient(config(second.endpoint));
    try {
      await adminCall(second.endpoint, "POST", "/_local/settle");
      expect((await sfn2.send(new DescribeExecutionCommand({ executionArn: w.executionArn }))).status).toBe("RUNNING");
      await sfn2.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":true}' }));
      await adminCall(second.endpoint, "POST", "/_local/clock", { advanceMs: 86_400_000 });
      await adminCall(second.endpoint, "POST", "/_local/settle");
      expect(await sfn2.send(new DescribeExecutionCommand({ executionArn: w.executionArn }))).toMatchObject({ status: "SUCCEEDED", output: '{"n":1}' });
      expect(await sfn2.send(new DescribeExecutionCommand({ executionArn: a.executionArn }))).toMatchObject({ status: "SUCCEEDED", output: '{"ok":true}' });
      const events = (await sfn2.send(new GetExecutionHistoryCommand({ executionArn: w.executionArn }))).events ?? [];
      expect(events.map((e) => e.type)).toEqual([
        "ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
      ]);
      expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    } finally {
      second.child.proc.kill("SIGTERM");
      await second.child.exit();
      for (const c of [sfn, sqs, sfn2]) c.destroy();
    }
  });
});
