/**
 * Map Runs: a distributed Map's items run as child executions, MaxConcurrency at a time;
 * UpdateMapRun raises the limit of a running Map Run; StopExecution aborts the Map Run and its
 * children; ItemReader lists objects with s3:listObjectsV2.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import {
  CreateStateMachineCommand,
  DescribeMapRunCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateMapRunCommand,
} from "@aws-sdk/client-sfn";
import { describe as suite, expect, it } from "vitest";
import { expectAwsError } from "../helpers/aws-error.js";
import { uniqueName } from "../helpers/names.js";
import { useServer } from "../helpers/use-server.js";
import { describe, history, ROLE, sfnClient } from "./helpers.js";

const ctx = useServer();

const waitingMap = (reader: Record<string, unknown>, maxConcurrency: number) => ({
  StartAt: "Each",
  States: {
    Each: {
      Type: "Map",
      ...reader,
      MaxConcurrency: maxConcurrency,
      ItemProcessor: {
        ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
        StartAt: "W",
        States: { W: { Type: "Wait", Seconds: 10, Next: "Out" }, Out: { Type: "Pass", End: true } },
      },
      End: true,
    },
  },
});

async function mapRunOf(executionArn: string): Promise<string> {
  const { mapRuns } = await sfnClient(ctx).send(new ListMapRunsCommand({ executionArn }));
  return mapRuns![0]!.mapRunArn!;
}

suite("Map Runs", () => {
  it("reads items with s3:listObjectsV2, runs MaxConcurrency children at a time, and UpdateMapRun raises the limit", async () => {
    const s3 = ctx.client(S3Client);
    const bucket = uniqueName("bkt");
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const key of ["in/a.txt", "in/b.txt", "in/c.txt", "in/d.txt", "other/x.txt"]) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const sfn = sfnClient(ctx);
    const reader = { ItemReader: { Resource: "arn:aws:states:::s3:listObjectsV2", Parameters: { Bucket: bucket, Prefix: "in/" } }, ItemSelector: { "key.$": "$$.Map.Item.Value.Key", "size.$": "$$.Map.Item.Value.Size" } };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition: JSON.stringify(waitingMap(reader, 1)), roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: "{}" }));
    await ctx.aws.settle();
    const mapRunArn = await mapRunOf(executionArn!);
    expect((await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).itemCounts).toMatchObject({ pending: 3, running: 1, succeeded: 0, total: 4 });
    await sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 10 }));
    await ctx.aws.settle();
    const raised = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(raised).toMatchObject({ status: "RUNNING", maxConcurrency: 10 });
    expect(raised.itemCounts).toMatchObject({ pending: 0, running: 4 });
    await ctx.clock.advance(10_000);
    await ctx.aws.settle();
    const done = await describe(sfn, executionArn!);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.output!)).toEqual(["in/a.txt", "in/b.txt", "in/c.txt", "in/d.txt"].map((key) => ({ key, size: key.length })));
    const finished = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(finished).toMatchObject({ status: "SUCCEEDED" });
    expect(finished.itemCounts).toMatchObject({ pending: 0, running: 0, succeeded: 4, failed: 0, total: 4 });
    expect(finished.stopDate!.getTime()).toBe(done.stopDate!.getTime());
  });

  it("StopExecution aborts a running Map Run and its child executions", async () => {
    const sfn = sfnClient(ctx);
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition: JSON.stringify(waitingMap({ ItemsPath: "$.items" }, 0)), roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"items":[1,2]}' }));
    await ctx.aws.settle();
    const mapRunArn = await mapRunOf(executionArn!);
    await sfn.send(new StopExecutionCommand({ executionArn }));
    await ctx.aws.settle();
    expect((await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).status).toBe("ABORTED");
    const { executions } = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
    expect(executions!.map((e) => e.status)).toEqual(["ABORTED", "ABORTED"]);
    const types = (await history(sfn, executions![0]!.executionArn!)).map((e) => e.type);
    expect(types.at(-1)).toBe("ExecutionAborted");
  });

  it("ToleratedFailureCount lets that many children fail; one more fails the Map Run", async () => {
    const sfn = sfnClient(ctx);
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemsPath: "$.items",
          MaxConcurrency: 1,
          ToleratedFailureCount: 1,
          ItemProcessor: {
            ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" },
            StartAt: "C",
            States: { C: { Type: "Choice", Choices: [{ Variable: "$", NumericLessThan: 0, Next: "F" }], Default: "P" }, F: { Type: "Fail", Error: "Neg" }, P: { Type: "Pass", End: true } },
          },
          Catch: [{ ErrorEquals: ["States.ExceedToleratedFailureThreshold"], ResultPath: "$.error", Next: "Caught" }],
          End: true,
        },
        Caught: { Type: "Pass", End: true },
      },
    };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition: JSON.stringify(definition), roleArn: ROLE }));
    const one = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"items":[1,-1,2]}' }));
    const two = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"items":[-1,-2,3]}' }));
    await ctx.aws.settle();
    expect(JSON.parse((await describe(sfn, one.executionArn!)).output!)).toEqual([1, { Error: "Neg", Cause: "" }, 2]);
    expect(JSON.parse((await describe(sfn, two.executionArn!)).output!).error).toEqual({
      Error: "States.ExceedToleratedFailureThreshold",
      Cause: "The specified tolerated failure threshold was exceeded",
    });
    const failedRun = await sfn.send(new DescribeMapRunCommand({ mapRunArn: await mapRunOf(two.executionArn!) }));
    expect(failedRun).toMatchObject({ status: "FAILED", toleratedFailureCount: 1 });
    // The third item never started: the threshold was exceeded first.
    expect(failedRun.itemCounts).toMatchObject({ failed: 2, succeeded: 0, pending: 1, total: 3 });
  });

  it("answers AWS's errors for unknown and malformed Map Run ARNs", async () => {
    const sfn = sfnClient(ctx);
    const unknown = "arn:aws:states:us-east-1:000000000000:mapRun:nope/Each:3c5d0b56-5a1e-4bd0-9a3c-5e7d0d1f1c11";
    await expectAwsError(sfn.send(new DescribeMapRunCommand({ mapRunArn: unknown })), { name: "ResourceNotFound", message: `Resource not found: '${unknown}'` });
    await expectAwsError(sfn.send(new UpdateMapRunCommand({ mapRunArn: unknown, maxConcurrency: 1 })), { name: "ResourceNotFound" });
    await expectAwsError(sfn.send(new ListExecutionsCommand({ mapRunArn: unknown })), { name: "ResourceNotFound" });
    await expectAwsError(sfn.send(new DescribeMapRunCommand({ mapRunArn: "arn:aws:states:us-east-1:000000000000:stateMachine:x" })), {
      name: "InvalidArn",
      message: "Invalid Arn: 'Resource type not valid in this context: stateMachine'",
    });
  });
});
