import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogStreamsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateStateMachineCommand, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import { describe, expect, it } from "vitest";
import { expectAwsError } from "../helpers/aws-error.js";
import { uniqueName } from "../helpers/names.js";
import { useServer } from "../helpers/use-server.js";
import { ROLE, sfnClient } from "./helpers.js";

const ctx = useServer();
const definition = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Result: { ok: 1 }, Next: "F" }, F: { Type: "Fail", Error: "Boom", Cause: "bad" } } });

async function logLines(group: string): Promise<Record<string, unknown>[]> {
  const logs = ctx.client(CloudWatchLogsClient);
  const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
  expect(logStreams).toHaveLength(1);
  expect(logStreams![0]!.logStreamName).toMatch(/^states\//);
  const { events } = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: logStreams![0]!.logStreamName, startFromHead: true }));
  return (events ?? []).map((e) => JSON.parse(e.message!) as Record<string, unknown>);
}

describe("loggingConfiguration", () => {
  it("sends an EXPRESS execution's events to its log group, by level and without data unless asked", async () => {
    const sfn = sfnClient(ctx);
    const all = `/aws/vendedlogs/states/${uniqueName("all")}`;
    const errors = `/aws/vendedlogs/states/${uniqueName("err")}`;
    const logs = ctx.client(CloudWatchLogsClient);
    for (const g of [all, errors]) await logs.send(new CreateLogGroupCommand({ logGroupName: g }));
    const arnOf = (g: string) => `arn:aws:logs:us-east-1:000000000000:log-group:${g}:*`;
    const a = await sfn.send(
      new CreateStateMachineCommand({
        name: uniqueName("sm"), definition, roleArn: ROLE, type: "EXPRESS",
        loggingConfiguration: { level: "ALL", includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: arnOf(all) } }] },
      }),
    );
    const e = await sfn.send(
      new CreateStateMachineCommand({
        name: uniqueName("sm"), definition, roleArn: ROLE, type: "EXPRESS",
        loggingConfiguration: { level: "ERROR", includeExecutionData: false, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: arnOf(errors) } }] },
      }),
    );
    const run = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: a.stateMachineArn, input: '{"x":1}' }));
    expect(run.status).toBe("FAILED");
    await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: e.stateMachineArn, input: '{"x":1}' }));
    await ctx.aws.settle();
    const allLines = await logLines(all);
    expect(allLines.map((l) => l.type)).toEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited", "FailStateEntered", "ExecutionFailed"]);
    expect(allLines[0]).toMatchObject({ id: "1", previous_event_id: "0", execution_arn: run.executionArn, redrive_count: "0", details: { input: '{"x":1}' } });
    const errorLines = await logLines(errors);
    expect(errorLines).toEqual([expect.objectContaining({ type: "ExecutionFailed", details: { error: "Boom", cause: "bad" } })]);
  });

  it("refuses a level without exactly one destination", async () => {
    await expectAwsError(
      sfnClient(ctx).send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition, roleArn: ROLE, type: "EXPRESS", loggingConfiguration: { level: "ALL" } })),
      { name: "InvalidLoggingConfiguration", message: "Invalid Logging Configuration: Must specify exactly one Log Destination." },
    );
  });
});
