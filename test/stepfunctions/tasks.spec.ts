import { LambdaClient } from "@aws-sdk/client-lambda";
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  GetActivityTaskCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe as suite, expect, it } from "vitest";
import { expectAwsError } from "../helpers/aws-error.js";
import { uniqueName } from "../helpers/names.js";
import { useServer } from "../helpers/use-server.js";
import { createFn } from "../runtime/fixtures.js";
import { describe, history, ROLE, sfnClient } from "./helpers.js";

const ctx = useServer();

async function machine(sfn: SFNClient, definition: object, type: "STANDARD" | "EXPRESS" = "STANDARD"): Promise<string> {
  const out = await sfn.send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition: JSON.stringify(definition), roleArn: ROLE, type }));
  return out.stateMachineArn!;
}

suite("Lambda", () => {
  it("lambda:invoke returns AWS's envelope; a bare ARN returns the payload", async () => {
    const sfn = sfnClient(ctx);
    const fn = await createFn(ctx.client(LambdaClient), `exports.handler = async (e) => ({ doubled: e.n * 2 });`);
    const arn = `arn:aws:lambda:us-east-1:000000000000:function:${fn}`;
    const sm = await machine(
      sfn,
      {
        StartAt: "Opt",
        States: {
          Opt: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: fn, "Payload.$": "$" }, ResultSelector: { "r.$": "$.Payload", "code.$": "$.StatusCode" }, ResultPath: "$.opt", Next: "Bare" },
          Bare: { Type: "Task", Resource: arn, InputPath: "$", ResultPath: "$.bare", End: true },
        },
      },
      "EXPRESS",
    );
    const out = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: sm, input: '{"n":21}' }));
    expect(out.status).toBe("SUCCEEDED");
    expect(JSON.parse(out.output!)).toEqual({ n: 21, opt: { r: { doubled: 42 }, code: 200 }, bare: { doubled: 42 } });
    expect(out.billingDetails?.billedMemoryUsedInMB).toBe(64);
  });

  it("retries a failing function on the clock (BackoffRate, MaxDelaySeconds) and then catches it", async () => {
    const sfn = sfnClient(ctx);
    const fn = await createFn(ctx.client(LambdaClient), `exports.handler = async () => { const e = new Error("nope"); e.name = "CustomError"; throw e; };`);
    const sm = await machine(sfn, {
      StartAt: "Call",
      States: {
        Call: {
          Type: "Task",
          Resource: "arn:aws:states:::lambda:invoke",
          Parameters: { FunctionName: fn },
          Retry: [{ ErrorEquals: ["CustomError"], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 3, MaxDelaySeconds: 10 }],
          Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Handled" }],
          End: true,
        },
        Handled: { Type: "Pass", End: true },
      },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: "{}" }));
    await ctx.aws.settle();
    await ctx.clock.advance(60_000);
    const done = await describe(sfn, executionArn!);
    expect(done.status).toBe("SUCCEEDED");
    const output = JSON.parse(done.output!) as { error: { Error: string; Cause: string } };
    expect(output.error.Error).toBe("CustomError");
    expect(JSON.parse(output.error.Cause)).toMatchObject({ errorType: "CustomError", errorMessage: "nope" });
    const events = await history(sfn, executionArn!);
    const scheduled = events.filter((e) => e.type === "TaskScheduled").map((e) => e.timestamp!.getTime());
    expect(scheduled).toHaveLength(4);
    // 2 s, then 6 s, then 18 s capped at 10 s.
    expect(scheduled.slice(1).map((t, i) => t - scheduled[i]!)).toEqual([2000, 6000, 10000]);
    const failed = events.find((e) => e.type === "TaskFailed")!;
    expect(failed.taskFailedEventDetails).toMatchObject({ resourceType: "lambda", resource: "invoke", error: "CustomError" });
    expect(events.map((e) => e.type).slice(0, 6)).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskScheduled"]);
  });
});

suite("callbacks", () => {
  async function approvalFlow(sfn: SFNClient, queueUrl: string, heartbeat?: number): Promise<string> {
    return machine(sfn, {
      StartAt: "Ask",
      States: {
        Ask: {
          Type: "Task",
          Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          Parameters: { QueueUrl: queueUrl, MessageBody: { "token.$": "$$.Task.Token", "request.$": "$" } },
          ...(heartbeat ? { HeartbeatSeconds: heartbeat } : {}),
          TimeoutSeconds: 30 * 24 * 3600,
          Catch: [{ ErrorEquals: ["States.HeartbeatTimeout"], ResultPath: "$.timeout", Next: "Expired" }],
          Next: "Approved",
        },
        Approved: { Type: "Pass", End: true },
        Expired: { Type: "Pass", End: true },
      },
    });
  }

  async function token(sqs: SQSClient, queueUrl: string): Promise<string> {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1 }));
    return (JSON.parse(Messages![0]!.Body!) as { token: string }).token;
  }

  it("waits for a human approval sent through SQS, then SendTaskSuccess resumes it", async () => {
    const sfn = sfnClient(ctx);
    const sqs = ctx.client(SQSClient);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName("q") }));
    const sm = await approvalFlow(sfn, QueueUrl!);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: '{"order":7}' }));
    await ctx.aws.settle();
    const t = await token(sqs, QueueUrl!);
    await ctx.clock.advance(10 * 24 * 3600 * 1000);
    expect((await describe(sfn, executionArn!)).status).toBe("RUNNING");
    await sfn.send(new SendTaskSuccessCommand({ taskToken: t, output: '{"approved":true}' }));
    await ctx.aws.settle();
    const done = await describe(sfn, executionArn!);
    expect(done).toMatchObject({ status: "SUCCEEDED", output: '{"approved":true}' });
    const types = (await history(sfn, executionArn!)).map((e) => e.type);
    expect(types).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]);
    await expectAwsError(sfn.send(new SendTaskSuccessCommand({ taskToken: t, output: "{}" })), { name: "TaskTimedOut", message: "Task Timed Out: 'Provided task does not exist anymore'" });
    await expectAwsError(sfn.send(new SendTaskSuccessCommand({ taskToken: "nonsense", output: "{}" })), { name: "InvalidToken" });
  });

  it("catches a heartbeat timeout, and heartbeats keep the task alive", async () => {
    const sfn = sfnClient(ctx);
    const sqs = ctx.client(SQSClient);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName("q") }));
    const sm = await approvalFlow(sfn, QueueUrl!, 60);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: "{}" }));
    await ctx.aws.settle();
    const t = await token(sqs, QueueUrl!);
    await ctx.clock.advance(50_000);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: t }));
    await ctx.clock.advance(50_000);
    expect((await describe(sfn, executionArn!)).status).toBe("RUNNING");
    await ctx.clock.advance(20_000);
    const done = await describe(sfn, executionArn!);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.output!)).toEqual({ timeout: { Error: "States.HeartbeatTimeout", Cause: "" } });
    expect((await history(sfn, executionArn!)).map((e) => e.type)).toContain("TaskTimedOut");
  });

  it("fails the execution on SendTaskFailure", async () => {
    const sfn = sfnClient(ctx);
    const sqs = ctx.client(SQSClient);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName("q") }));
    const sm = await approvalFlow(sfn, QueueUrl!);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: "{}" }));
    await ctx.aws.settle();
    await sfn.send(new SendTaskFailureCommand({ taskToken: await token(sqs, QueueUrl!), error: "Rejected", cause: "no budget" }));
    await ctx.aws.settle();
    expect(await describe(sfn, executionArn!)).toMatchObject({ status: "FAILED", error: "Rejected", cause: "no budget" });
  });

  it("hands activity tasks to workers that long-poll on the clock", async () => {
    const sfn = sfnClient(ctx);
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: uniqueName("act") }));
    let answered = false;
    const empty = sfn.send(new GetActivityTaskCommand({ activityArn })).finally(() => (answered = true));
    // The poll's request may reach the server after a first advance: move the clock until it answers.
    for (let i = 0; i < 20 && !answered; i++) await ctx.clock.advance(30_000);
    expect((await empty).taskToken).toBeUndefined();
    const sm = await machine(sfn, { StartAt: "A", States: { A: { Type: "Task", Resource: activityArn, End: true } } });
    const poll = sfn.send(new GetActivityTaskCommand({ activityArn, workerName: "w1" }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: '{"job":1}' }));
    const task = await poll;
    expect(task.input).toBe('{"job":1}');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"done":1}' }));
    await ctx.aws.settle();
    expect(await describe(sfn, executionArn!)).toMatchObject({ status: "SUCCEEDED", output: '{"done":1}' });
    const types = (await history(sfn, executionArn!)).map((e) => e.type);
    expect(types).toEqual(["ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted", "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"]);
  });
});

suite("other integrations", () => {
  it("starts a nested execution with .sync:2 and gets its JSON output", async () => {
    const sfn = sfnClient(ctx);
    const child = await machine(sfn, { StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, Next: "P" }, P: { Type: "Pass", Parameters: { "got.$": "$.x" }, End: true } } });
    const parent = await machine(sfn, {
      StartAt: "Run",
      States: {
        Run: {
          Type: "Task",
          Resource: "arn:aws:states:::states:startExecution.sync:2",
          Parameters: { StateMachineArn: child, Input: { "x.$": "$.x", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id" } },
          OutputPath: "$.Output",
          End: true,
        },
      },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: parent, input: '{"x":5}' }));
    await ctx.aws.settle();
    expect((await describe(sfn, executionArn!)).status).toBe("RUNNING");
    await ctx.clock.advance(3600_000);
    expect(await describe(sfn, executionArn!)).toMatchObject({ status: "SUCCEEDED", output: '{"got":5}' });
  });

  it("writes and reads DynamoDB items", async () => {
    const sfn = sfnClient(ctx);
    const table = uniqueName("t");
    await ctx.client(DynamoDBClient).send(
      new CreateTableCommand({ TableName: table, KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }),
    );
    const sm = await machine(
      sfn,
      {
        StartAt: "Put",
        States: {
          Put: { Type: "Task", Resource: "arn:aws:states:::dynamodb:putItem", Parameters: { TableName: table, Item: { id: { S: "a" }, "v.$": "$.v" } }, ResultPath: null, Next: "Get" },
          Get: { Type: "Task", Resource: "arn:aws:states:::dynamodb:getItem", Parameters: { TableName: table, Key: { id: { S: "a" } } }, OutputPath: "$.Item", Next: "Missing" },
          Missing: { Type: "Task", Resource: "arn:aws:states:::dynamodb:getItem", Parameters: { TableName: "no-such-table", Key: { id: { S: "a" } } }, Catch: [{ ErrorEquals: ["DynamoDB.ResourceNotFoundException"], ResultPath: "$.err", Next: "Done" }], End: true },
          Done: { Type: "Pass", End: true },
        },
      },
      "EXPRESS",
    );
    const out = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: sm, input: '{"v":{"N":"3"}}' }));
    const output = JSON.parse(out.output!) as Record<string, unknown>;
    expect(output).toMatchObject({ id: { S: "a" }, v: { N: "3" }, err: { Error: "DynamoDB.ResourceNotFoundException" } });
  });

  it("sends to SQS and reports SQS errors with their names", async () => {
    const sfn = sfnClient(ctx);
    const sqs = ctx.client(SQSClient);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName("q") }));
    const sm = await machine(sfn, { StartAt: "S", States: { S: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", Parameters: { "QueueUrl.$": "$.q", MessageBody: "hi" }, End: true } } }, "EXPRESS");
    const ok = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: sm, input: JSON.stringify({ q: QueueUrl }) }));
    expect(JSON.parse(ok.output!)).toMatchObject({ MD5OfMessageBody: "49f68a5c8493ec2c0bf489821c21fc3b", MessageId: expect.any(String) });
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }));
    expect(attrs.Attributes?.ApproximateNumberOfMessages).toBe("1");
    const bad = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: sm, input: JSON.stringify({ q: `${QueueUrl}-missing` }) }));
    expect(bad.status).toBe("FAILED");
    expect(bad.error).toMatch(/^SQS\./);
  });

  it("runs an EXPRESS child with .sync and fails a task whose result passes 256 KiB", async () => {
    const sfn = sfnClient(ctx);
    const child = await machine(sfn, { StartAt: "P", States: { P: { Type: "Pass", Result: { from: "child" }, End: true } } }, "EXPRESS");
    const parent = await machine(sfn, {
      StartAt: "Run",
      States: { Run: { Type: "Task", Resource: "arn:aws:states:::states:startExecution.sync", Parameters: { StateMachineArn: child, Input: {} }, End: true } },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: parent }));
    await ctx.aws.settle();
    const done = await describe(sfn, executionArn!);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.output!)).toMatchObject({ Status: "SUCCEEDED", Output: '{"from":"child"}' });

    const fn = await createFn(ctx.client(LambdaClient), `exports.handler = async () => ({ big: "x".repeat(300 * 1024) });`);
    const big = await machine(
      sfn,
      { StartAt: "Big", States: { Big: { Type: "Task", Resource: `arn:aws:lambda:us-east-1:000000000000:function:${fn}`, Retry: [{ ErrorEquals: ["States.ALL"] }], End: true } } },
      "EXPRESS",
    );
    const out = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: big, input: "{}" }));
    expect(out).toMatchObject({ status: "FAILED", error: "States.DataLimitExceeded" });
  });
});
