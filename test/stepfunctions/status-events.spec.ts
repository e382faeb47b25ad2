/**
 * "Step Functions Execution Status Change" events on the default bus: an EventBridge rule sees a
 * STANDARD execution start and end (EXPRESS executions send none, as on AWS), and a rule matching
 * one machine's failures starts another state machine.
 */
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { CreateStateMachineCommand, ListExecutionsCommand, StartExecutionCommand, StartSyncExecutionCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/use-server.js";
import { describe as describeExecution, ROLE, sfnClient } from "./helpers.js";

const ctx = useServer();

async function queueFor(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

async function drain(sqs: SQSClient, url: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 5; i++) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    if (!Messages?.length) break;
    out.push(...Messages.map((m) => JSON.parse(m.Body!) as Record<string, unknown>));
  }
  return out;
}

describe("Step Functions Execution Status Change events", () => {
  it("reach a rule on the default bus for a STANDARD execution's start and end, in AWS's shape", async () => {
    const sfn = sfnClient(ctx);
    const sqs = ctx.client(SQSClient);
    const events = ctx.client(EventBridgeClient);
    const queue = await queueFor(sqs, "sfn-status");
    const ok = await sfn.send(new CreateStateMachineCommand({ name: "status-ok", roleArn: ROLE, definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Result: { done: true }, End: true } } }) }));
    const express = await sfn.send(new CreateStateMachineCommand({ name: "status-express", roleArn: ROLE, type: "EXPRESS", definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } }) }));
    await events.send(
      new PutRuleCommand({ Name: "sfn-status", EventPattern: JSON.stringify({ source: ["aws.states"], "detail-type": ["Step Functions Execution Status Change"] }) }),
    );
    await events.send(new PutTargetsCommand({ Rule: "sfn-status", Targets: [{ Id: "q", Arn: queue.arn }] }));

    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: ok.stateMachineArn, name: "run-1", input: '{"a": 1}' }));
    await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: express.stateMachineArn, input: "{}" }));
    await ctx.aws.settle();
    const done = await describeExecution(sfn, executionArn!);
    const received = await drain(sqs, queue.url);
    expect(received).toHaveLength(2);
    const byStatus = Object.fromEntries(received.map((e) => [(e.detail as { status: string }).status, e]));
    expect(byStatus.RUNNING).toMatchObject({
      version: "0",
      "detail-type": "Step Functions Execution Status Change",
      source: "aws.states",
      account: "000000000000",
      region: "us-east-1",
      resources: [executionArn],
      detail: {
        executionArn,
        stateMachineArn: ok.stateMachineArn,
        name: "run-1",
        status: "RUNNING",
        startDate: done.startDate!.getTime(),
        stopDate: null,
        input: '{"a": 1}',
        inputDetails: { included: true },
        output: null,
        outputDetails: null,
        error: null,
        cause: null,
      },
    });
    expect(byStatus.SUCCEEDED).toMatchObject({
      detail: { status: "SUCCEEDED", stopDate: done.stopDate!.getTime(), output: '{"done":true}', outputDetails: { included: true }, error: null, cause: null },
    });
    expect(typeof (byStatus.SUCCEEDED as { id: unknown }).id).toBe("string");
  });

  it("a rule matching one machine's failures and aborts starts another state machine", async () => {
    const sfn = sfnClient(ctx);
    const events = ctx.client(EventBridgeClient);
    const failing = await sfn.send(new CreateStateMachineCommand({ name: "status-failing", roleArn: ROLE, definition: JSON.stringify({ StartAt: "F", States: { F: { Type: "Fail", Error: "Boom", Cause: "it broke" } } }) }));
    const waiting = await sfn.send(new CreateStateMachineCommand({ name: "status-waiting", roleArn: ROLE, definition: JSON.stringify({ StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } }) }));
    const handler = await sfn.send(new CreateStateMachineCommand({ name: "status-handler", roleArn: ROLE, definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } }) }));
    await events.send(
      new PutRuleCommand({
        Name: "sfn-failures",
        EventPattern: JSON.stringify({ source: ["aws.states"], detail: { stateMachineArn: [failing.stateMachineArn, waiting.stateMachineArn], status: ["FAILED", "ABORTED"] } }),
      }),
    );
    await events.send(new PutTargetsCommand({ Rule: "sfn-failures", Targets: [{ Id: "h", Arn: handler.stateMachineArn, RoleArn: ROLE, InputPath: "$.detail" }] }));

    await sfn.send(new StartExecutionCommand({ stateMachineArn: failing.stateMachineArn, name: "fails" }));
    const stopped = await sfn.send(new StartExecutionCommand({ stateMachineArn: waiting.stateMachineArn, name: "stopped" }));
    await ctx.aws.settle();
    await sfn.send(new StopExecutionCommand({ executionArn: stopped.executionArn, error: "Halt", cause: "by hand" }));
    await ctx.aws.settle();
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: handler.stateMachineArn }));
    expect(executions).toHaveLength(2);
    const inputs = await Promise.all(executions!.map(async (e) => JSON.parse((await describeExecution(sfn, e.executionArn!)).input!) as Record<string, unknown>));
    expect(inputs.map((i) => [i.name, i.status, i.error, i.cause]).sort()).toEqual([
      ["fails", "FAILED", "Boom", "it broke"],
      ["stopped", "ABORTED", "Halt", "by hand"],
    ]);
  });
});
