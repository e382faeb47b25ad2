/**
 * AWS's own SFN Local mock example (the LambdaSQSIntegration state machine and its
 * MockConfigFile.json from the Step Functions Local documentation), unchanged, through
 * SFN_MOCK_CONFIG and `<arn>#<test case>`.
 */
import { CreateStateMachineCommand, DeleteStateMachineCommand, StartExecutionCommand, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe as suite, expect, it } from "vitest";
import { expectAwsError } from "../helpers/aws-error.js";
import { useServer } from "../helpers/use-server.js";
import { describe, history, ROLE, sfnClient } from "./helpers.js";

process.env.SFN_MOCK_CONFIG = join(import.meta.dirname, "fixtures", "MockConfigFile.json");
const ctx = useServer();
const definition = readFileSync(join(import.meta.dirname, "fixtures", "LambdaSQSIntegration.asl.json"), "utf8");
let arn: string;

beforeAll(async () => {
  const out = await sfnClient(ctx).send(new CreateStateMachineCommand({ name: "LambdaSQSIntegration", definition, roleArn: ROLE }));
  arn = out.stateMachineArn!;
});

suite("SFN Local mock configuration", () => {
  it("HappyPath: both states return their mocked responses", async () => {
    const sfn = sfnClient(ctx);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#HappyPath`, input: '{"a":1}' }));
    await ctx.aws.settle();
    const done = await describe(sfn, executionArn!);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.output!)).toEqual({ MD5OfMessageBody: "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", MessageId: "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51" });
    const types = (await history(sfn, executionArn!)).map((e) => e.type);
    expect(types).toEqual([
      "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
      "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded",
    ]);
  });

  it("RetryPath: calls 0, 1-2 throw and call 3 returns, after the retrier's waits on the clock", async () => {
    const sfn = sfnClient(ctx);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#RetryPath`, input: "{}" }));
    await ctx.aws.settle();
    expect((await describe(sfn, executionArn!)).status).toBe("RUNNING");
    await ctx.clock.advance(2_000 + 4_000 + 8_000);
    expect((await describe(sfn, executionArn!)).status).toBe("SUCCEEDED");
    const failures = (await history(sfn, executionArn!)).filter((e) => e.type === "TaskFailed").map((e) => e.taskFailedEventDetails?.error);
    expect(failures).toEqual(["Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException"]);
  });

  it("HybridPath: an unmocked state calls the local service", async () => {
    const sqs = ctx.client(SQSClient, { credentials: { accessKeyId: "123456789012", secretAccessKey: "x" } });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "myQueue" }));
    const sfn = sfnClient(ctx);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}#HybridPath`, input: "{}" }));
    await ctx.aws.settle();
    expect((await describe(sfn, executionArn!)).status).toBe("SUCCEEDED");
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(JSON.parse(Messages![0]!.Body!)).toEqual({ StatusCode: 200, Payload: { StatusCode: 200, body: "Hello from Lambda!" } });
  });

  it("refuses an unknown test case", async () => {
    await expectAwsError(sfnClient(ctx).send(new StartExecutionCommand({ stateMachineArn: `${arn}#NoSuchCase` })), { name: "InvalidArn" });
  });
});

suite("StartSyncExecution with a test case", () => {
  it("runs the case on an EXPRESS machine of the same name", async () => {
    const sfn = sfnClient(ctx);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    const express = await sfn.send(new CreateStateMachineCommand({ name: "LambdaSQSIntegration", definition, roleArn: ROLE, type: "EXPRESS" }));
    const out = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: `${express.stateMachineArn}#HappyPath`, input: "{}" }));
    expect(out.status).toBe("SUCCEEDED");
    expect(JSON.parse(out.output!)).toMatchObject({ MessageId: "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51" });
  });
});
