/**
 * Executions parked in a Wait and in a callback survive kill -9: a real local-aws process is
 * killed with SIGKILL, restarted on the same data dir, and both executions finish.
 */
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
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

  it("resumes Parallel branches and Map iterations where they stood: waits, an activity task, no step run twice", async () => {
    const dataDir = join(dir, "branches");
    const first = await start(dataDir);
    const sfn = new SFNClient(config(first.endpoint));
    const sqs = new SQSClient(config(first.endpoint));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "side-effects" }));
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: "approve" }));
    const send = (body: string | { "MessageBody.$": string }, next: string) => ({
      Type: "Task",
      Resource: "arn:aws:states:::sqs:sendMessage",
      Parameters: { QueueUrl, ...(typeof body === "string" ? { MessageBody: body } : body) },
      ResultPath: null,
      Next: next,
    });
    const definition = {
      StartAt: "Par",
      States: {
        Par: {
          Type: "Parallel",
          End: true,
          Branches: [
            { StartAt: "Send0", States: { Send0: send("b0", "W0"), W0: { Type: "Wait", Seconds: 86_400, Next: "Done0" }, Done0: { Type: "Pass", Result: "b0", End: true } } },
            { StartAt: "Send1", States: { Send1: send("b1", "Act"), Act: { Type: "Task", Resource: activityArn, End: true } } },
            {
              StartAt: "Each",
              States: {
                Each: {
                  Type: "Map",
                  ItemsPath: "$.items",
                  ItemProcessor: {
                    StartAt: "SendItem",
                    States: { SendItem: send({ "MessageBody.$": "States.Format('item {}', $)" }, "WI"), WI: { Type: "Wait", Seconds: 3600, Next: "Twice" }, Twice: { Type: "Pass", Parameters: { "n.$": "States.MathAdd($, $)" }, End: true } },
                  },
                  End: true,
                },
              },
            },
          ],
        },
      },
    };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: "branches", roleArn: ROLE, definition: JSON.stringify(definition) }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: "b1", input: '{"items":[1,2]}' }));
    await adminCall(first.endpoint, "POST", "/_local/settle");
    const count = async (client: SQSClient): Promise<string | undefined> =>
      (await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }))).Attributes?.ApproximateNumberOfMessages;
    expect(await count(sqs)).toBe("4");
    first.child.proc.kill("SIGKILL");
    await first.child.exit();

    const second = await start(dataDir);
    const sfn2 = new SFNClient(config(second.endpoint));
    const sqs2 = new SQSClient(config(second.endpoint));
    try {
      await adminCall(second.endpoint, "POST", "/_local/settle");
      expect((await sfn2.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("RUNNING");
      const task = await sfn2.send(new GetActivityTaskCommand({ activityArn, workerName: "w" }));
      expect(JSON.parse(task.input!)).toEqual({ items: [1, 2] });
      await sfn2.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"approved":true}' }));
      await adminCall(second.endpoint, "POST", "/_local/clock", { advanceMs: 86_400_000 });
      await adminCall(second.endpoint, "POST", "/_local/settle");
      const done = await sfn2.send(new DescribeExecutionCommand({ executionArn }));
      expect(done.status).toBe("SUCCEEDED");
      expect(JSON.parse(done.output!)).toEqual(["b0", { approved: true }, [{ n: 2 }, { n: 4 }]]);
      // Nothing before the kill ran again: still one message per send.
      expect(await count(sqs2)).toBe("4");
    } finally {
      second.child.proc.kill("SIGTERM");
      await second.child.exit();
      for (const c of [sfn, sqs, sfn2, sqs2]) c.destroy();
    }
  });

  it("reattaches a distributed Map to its Map Run and children: none started twice, the pending ones start after", async () => {
    const dataDir = join(dir, "map-run");
    const first = await start(dataDir);
    const sfn = new SFNClient(config(first.endpoint));
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemsPath: "$.items",
          MaxConcurrency: 2,
          ItemProcessor: {
            ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
            StartAt: "W",
            States: { W: { Type: "Wait", Seconds: 86_400, Next: "Twice" }, Twice: { Type: "Pass", Parameters: { "n.$": "States.MathAdd($, $)" }, End: true } },
          },
          End: true,
        },
      },
    };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: "mapped", roleArn: ROLE, definition: JSON.stringify(definition) }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: "m1", input: '{"items":[1,2,3]}' }));
    await adminCall(first.endpoint, "POST", "/_local/settle");
    first.child.proc.kill("SIGKILL");
    await first.child.exit();

    const second = await start(dataDir);
    const sfn2 = new SFNClient(config(second.endpoint));
    try {
      await adminCall(second.endpoint, "POST", "/_local/settle");
      for (let day = 0; day < 2; day++) {
        await adminCall(second.endpoint, "POST", "/_local/clock", { advanceMs: 86_400_000 });
        await adminCall(second.endpoint, "POST", "/_local/settle");
      }
      const done = await sfn2.send(new DescribeExecutionCommand({ executionArn }));
      expect(done.status).toBe("SUCCEEDED");
      expect(JSON.parse(done.output!)).toEqual([{ n: 2 }, { n: 4 }, { n: 6 }]);
      const { mapRuns } = await sfn2.send(new ListMapRunsCommand({ executionArn }));
      expect(mapRuns).toHaveLength(1);
      const { executions } = await sfn2.send(new ListExecutionsCommand({ mapRunArn: mapRuns![0]!.mapRunArn }));
      expect(executions!.map((e) => e.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
      const run = await sfn2.send(new DescribeMapRunCommand({ mapRunArn: mapRuns![0]!.mapRunArn }));
      expect(run.status).toBe("SUCCEEDED");
      expect(run.itemCounts).toMatchObject({ succeeded: 3, total: 3, pending: 0, running: 0 });
    } finally {
      second.child.proc.kill("SIGTERM");
      await second.child.exit();
      for (const c of [sfn, sfn2]) c.destroy();
    }
  });
});
