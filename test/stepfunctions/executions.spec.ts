import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  PublishStateMachineVersionCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { describe as suite, expect, it } from "vitest";
import { expectAwsError } from "../helpers/aws-error.js";
import { uniqueName } from "../helpers/names.js";
import { useServer } from "../helpers/use-server.js";
import { describe, history, ROLE, sfnClient } from "./helpers.js";

const ctx = useServer();
const waitAnHour = { StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } };

async function machine(sfn: SFNClient, definition: object, type: "STANDARD" | "EXPRESS" = "STANDARD"): Promise<string> {
  return (await sfn.send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition: JSON.stringify(definition), roleArn: ROLE, type }))).stateMachineArn!;
}

suite("StartExecution", () => {
  it("is idempotent for the same name and input while running, else ExecutionAlreadyExists", async () => {
    const sfn = sfnClient(ctx);
    const sm = await machine(sfn, waitAnHour);
    const a = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: "once", input: '{"a":1}' }));
    const b = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: "once", input: '{"a":1}' }));
    expect(b.executionArn).toBe(a.executionArn);
    expect(b.startDate).toEqual(a.startDate);
    await expectAwsError(sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: "once", input: '{"a":2}' })), {
      name: "ExecutionAlreadyExists",
      message: `Execution Already Exists: '${a.executionArn}'`,
    });
  });

  it("checks the input, the name and the state machine", async () => {
    const sfn = sfnClient(ctx);
    const sm = await machine(sfn, waitAnHour);
    await expectAwsError(sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: "{nope" })), { name: "InvalidExecutionInput", message: /^Invalid State Machine Execution Input: '/ });
    await expectAwsError(sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: "a b" })), { name: "InvalidName", message: "Invalid Name: 'a b'" });
    const missing = `${sm}-gone`;
    await expectAwsError(sfn.send(new StartExecutionCommand({ stateMachineArn: missing })), { name: "StateMachineDoesNotExist", message: `State Machine Does Not Exist: '${missing}'` });
    await expectAwsError(sfn.send(new StartSyncExecutionCommand({ stateMachineArn: sm })), { name: "StateMachineTypeNotSupported" });
  });

  it("runs a version, and an alias routes to its version", async () => {
    const sfn = sfnClient(ctx);
    const name = uniqueName("sm");
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Result: "v1", End: true } } }), roleArn: ROLE, publish: true }));
    const { stateMachineAliasArn } = await sfn.send(new CreateStateMachineAliasCommand({ name: "live", routingConfiguration: [{ stateMachineVersionArn: `${stateMachineArn}:1`, weight: 100 }] }));
    expect(stateMachineAliasArn).toBe(`${stateMachineArn}:live`);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn }));
    await ctx.aws.settle();
    expect(await describe(sfn, executionArn!)).toMatchObject({ status: "SUCCEEDED", output: '"v1"', stateMachineVersionArn: `${stateMachineArn}:1`, stateMachineAliasArn });
    const v = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn }));
    expect(v.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
  });
});

suite("DescribeExecution, StopExecution, ListExecutions, GetExecutionHistory", () => {
  it("lists newest first with a status filter and pages", async () => {
    const sfn = sfnClient(ctx);
    const sm = await machine(sfn, waitAnHour);
    const arns: string[] = [];
    for (let i = 0; i < 3; i++) arns.push((await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: `e${i}` }))).executionArn!);
    await sfn.send(new StopExecutionCommand({ executionArn: arns[1], error: "Stopped.ByUser", cause: "enough" }));
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn: sm }));
    expect(all.executions?.map((e) => e.name)).toEqual(["e2", "e1", "e0"]);
    const aborted = await sfn.send(new ListExecutionsCommand({ stateMachineArn: sm, statusFilter: "ABORTED" }));
    expect(aborted.executions?.map((e) => e.name)).toEqual(["e1"]);
    const first = await sfn.send(new ListExecutionsCommand({ stateMachineArn: sm, maxResults: 2 }));
    expect(first.executions).toHaveLength(2);
    const second = await sfn.send(new ListExecutionsCommand({ stateMachineArn: sm, maxResults: 2, nextToken: first.nextToken }));
    expect(second.executions?.map((e) => e.name)).toEqual(["e0"]);
    expect(second.nextToken).toBeUndefined();
    expect(await describe(sfn, arns[1]!)).toMatchObject({ status: "ABORTED", error: "Stopped.ByUser", cause: "enough", redriveStatus: "REDRIVABLE" });
    const events = await history(sfn, arns[1]!);
    expect(events.at(-1)).toMatchObject({ type: "ExecutionAborted", executionAbortedEventDetails: { error: "Stopped.ByUser", cause: "enough" } });
    await ctx.clock.advance(3600_000);
    expect((await describe(sfn, arns[1]!)).status).toBe("ABORTED");
    expect((await describe(sfn, arns[0]!)).status).toBe("SUCCEEDED");
  });

  it("reads history in reverse, in pages, and without execution data", async () => {
    const sfn = sfnClient(ctx);
    const sm = await machine(sfn, { StartAt: "A", States: { A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", End: true } } });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: '{"secret":1}' }));
    await ctx.aws.settle();
    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }));
    expect(reversed.events?.map((e) => e.type)).toEqual(["ExecutionSucceeded", "PassStateExited"]);
    const rest = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 100, nextToken: reversed.nextToken }));
    expect(rest.events?.at(-1)?.type).toBe("ExecutionStarted");
    const noData = await sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));
    expect(noData.events?.[0]?.executionStartedEventDetails).toEqual({ roleArn: ROLE });
    const def = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(def.stateMachineArn).toBe(sm);
  });

  it("refuses EXPRESS executions where AWS does", async () => {
    const sfn = sfnClient(ctx);
    const sm = await machine(sfn, { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, "EXPRESS");
    const out = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: sm, input: "{}" }));
    expect(out.executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:express:/);
    await expectAwsError(sfn.send(new DescribeExecutionCommand({ executionArn: out.executionArn })), { name: "InvalidArn", message: "Invalid Arn: 'Resource type not valid in this context: express'" });
    await expectAwsError(sfn.send(new ListExecutionsCommand({ stateMachineArn: sm })), { name: "StateMachineTypeNotSupported" });
  });

  it("times an execution out after its TimeoutSeconds and redrives a failed one", async () => {
    const sfn = sfnClient(ctx);
    const sm = await machine(sfn, { TimeoutSeconds: 60, StartAt: "W", States: { W: { Type: "Wait", Seconds: 120, End: true } } });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm }));
    await ctx.clock.advance(60_000);
    expect(await describe(sfn, executionArn!)).toMatchObject({ status: "TIMED_OUT", error: "States.Timeout" });
    expect((await history(sfn, executionArn!)).at(-1)?.type).toBe("ExecutionTimedOut");

    const flaky = await machine(sfn, {
      StartAt: "C",
      States: { C: { Type: "Choice", Choices: [{ Variable: "$.ok", BooleanEquals: true, Next: "Done" }] }, Done: { Type: "Succeed" } },
    });
    const failed = await sfn.send(new StartExecutionCommand({ stateMachineArn: flaky, input: '{"ok":false}' }));
    await ctx.aws.settle();
    expect((await describe(sfn, failed.executionArn!)).status).toBe("FAILED");
    const succeeded = await sfn.send(new StartExecutionCommand({ stateMachineArn: flaky, input: '{"ok":true}' }));
    await ctx.aws.settle();
    await expectAwsError(sfn.send(new RedriveExecutionCommand({ executionArn: succeeded.executionArn })), {
      name: "ExecutionNotRedrivable",
      message: `Execution is not redrivable: '${succeeded.executionArn}'. Execution is SUCCEEDED and cannot be redriven`,
    });
    const redriven = await sfn.send(new RedriveExecutionCommand({ executionArn: failed.executionArn }));
    expect(redriven.redriveDate).toBeInstanceOf(Date);
    await ctx.aws.settle();
    const after = await describe(sfn, failed.executionArn!);
    expect(after).toMatchObject({ status: "FAILED", redriveCount: 1 });
    expect((await history(sfn, failed.executionArn!)).map((e) => e.type)).toContain("ExecutionRedriven");
  });

  it("writes EvaluationFailed before ExecutionFailed when a path selects nothing", async () => {
    const sfn = sfnClient(ctx);
    const sm = await machine(sfn, { StartAt: "P", States: { P: { Type: "Pass", Parameters: { "x.$": "$.missing" }, End: true } } });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: sm, input: "{}" }));
    await ctx.aws.settle();
    const events = await history(sfn, executionArn!);
    expect(events.map((e) => e.type)).toEqual(["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"]);
    expect(events[2]!.evaluationFailedEventDetails).toMatchObject({ error: "States.Runtime", state: "P" });
    expect(events[3]!.executionFailedEventDetails?.error).toBe("States.Runtime");
  });

  it("starts executions for other services through the ExecutionStarter port", async () => {
    const sfn = sfnClient(ctx);
    const sm = await machine(sfn, { StartAt: "P", States: { P: { Type: "Pass", End: true } } });
    const starter = await ctx.aws.server.registry.get("ExecutionStarter");
    const scope = { accountId: "000000000000", region: "us-east-1" };
    const started = await starter.startExecution(scope, sm, '{"from":"rule"}', { name: "from-rule" });
    expect(started.executionArn).toBe(sm.replace(":stateMachine:", ":execution:") + ":from-rule");
    await ctx.aws.settle();
    expect(await describe(sfn, started.executionArn)).toMatchObject({ status: "SUCCEEDED", output: '{"from":"rule"}' });
    await expect(starter.startExecution(scope, `${sm}-gone`, "{}")).rejects.toMatchObject({ code: "StateMachineDoesNotExist" });
  });
});

