import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateStateMachineCommand, DescribeMapRunCommand, DescribeStateMachineForExecutionCommand, ListExecutionsCommand, ListMapRunsCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { describe as suite, expect, it } from "vitest";
import { uniqueName } from "../helpers/names.js";
import { useServer } from "../helpers/use-server.js";
import { describe, history, ROLE, sfnClient } from "./helpers.js";

const ctx = useServer();

suite("distributed Map", () => {
  it("reads a CSV from S3, tolerates a failed item and writes results with ResultWriter", async () => {
    const s3 = ctx.client(S3Client);
    const bucket = uniqueName("bkt");
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "in/orders.csv", Body: 'id,amount,note\n1,10,"plain"\n2,-5,"needs, quoting"\n3,7,"say ""hi"""\n' }));
    const sfn = sfnClient(ctx);
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemReader: { Resource: "arn:aws:states:::s3:getObject", ReaderConfig: { InputType: "CSV", CSVHeaderLocation: "FIRST_ROW" }, Parameters: { "Bucket.$": "$.bucket", Key: "in/orders.csv" } },
          ItemProcessor: {
            ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
            StartAt: "Check",
            States: {
              Check: { Type: "Choice", Choices: [{ Variable: "$.amount", StringMatches: "-*", Next: "Reject" }], Default: "Ok" },
              Reject: { Type: "Fail", Error: "Negative", Cause: "amount below zero" },
              Ok: { Type: "Pass", Parameters: { "id.$": "$.id", "note.$": "$.note" }, End: true },
            },
          },
          ToleratedFailureCount: 1,
          ResultWriter: { Resource: "arn:aws:states:::s3:putObject", Parameters: { "Bucket.$": "$.bucket", Prefix: "out" } },
          End: true,
        },
      },
    };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition: JSON.stringify(definition), roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ bucket }) }));
    await ctx.aws.settle();
    const done = await describe(sfn, executionArn!);
    expect(done.status).toBe("SUCCEEDED");
    const output = JSON.parse(done.output!) as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    expect(output.MapRunArn).toMatch(/^arn:aws:states:us-east-1:000000000000:mapRun:.+\/Each:/);
    expect(output.ResultWriterDetails.Bucket).toBe(bucket);
    expect(output.ResultWriterDetails.Key).toMatch(/^out\/[0-9a-f-]{36}\/manifest\.json$/);
    const read = async (key: string): Promise<unknown> => JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString());
    const manifest = (await read(output.ResultWriterDetails.Key)) as { ResultFiles: { SUCCEEDED: { Key: string }[]; FAILED: { Key: string }[] } };
    const succeeded = (await read(manifest.ResultFiles.SUCCEEDED[0]!.Key)) as { Output: string; Status: string }[];
    expect(succeeded.map((e) => JSON.parse(e.Output))).toEqual([{ id: "1", note: "plain" }, { id: "3", note: 'say "hi"' }]);
    const failed = (await read(manifest.ResultFiles.FAILED[0]!.Key)) as { Error: string; Input: string }[];
    expect(failed).toMatchObject([{ Error: "Negative", Status: "FAILED" }]);
    expect(JSON.parse(failed[0]!.Input)).toEqual({ id: "2", amount: "-5", note: "needs, quoting" });
    const events = await history(sfn, executionArn!);
    expect(events.map((e) => e.type)).toEqual([
      "ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded",
    ]);
    expect(events[3]!.mapRunStartedEventDetails).toEqual({ mapRunArn: output.MapRunArn });
    // The Map Run: its child executions are STANDARD executions of `<machine>/Each`.
    const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns).toEqual([expect.objectContaining({ executionArn, mapRunArn: output.MapRunArn, stateMachineArn: `${stateMachineArn}/Each` })]);
    const run = await sfn.send(new DescribeMapRunCommand({ mapRunArn: output.MapRunArn }));
    expect(run).toMatchObject({ status: "SUCCEEDED", executionArn, maxConcurrency: 0, toleratedFailureCount: 1, toleratedFailurePercentage: 0 });
    expect(run.itemCounts).toMatchObject({ pending: 0, running: 0, succeeded: 2, failed: 1, total: 3 });
    const { executions } = await sfn.send(new ListExecutionsCommand({ mapRunArn: output.MapRunArn }));
    expect(executions).toHaveLength(3);
    expect(new Set(executions!.map((e) => e.mapRunArn))).toEqual(new Set([output.MapRunArn]));
    expect(executions!.map((e) => e.executionArn).sort()).toEqual([...succeeded, ...failed].map((e) => (e as unknown as { ExecutionArn: string }).ExecutionArn).sort());
    const child = await describe(sfn, (failed[0] as unknown as { ExecutionArn: string }).ExecutionArn);
    expect(child).toMatchObject({ status: "FAILED", error: "Negative", cause: "amount below zero", mapRunArn: output.MapRunArn, stateMachineArn: `${stateMachineArn}/Each` });
    expect(JSON.parse(child.input!)).toEqual({ id: "2", amount: "-5", note: "needs, quoting" });
    const childMachine = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: child.executionArn }));
    expect(childMachine).toMatchObject({ stateMachineArn: `${stateMachineArn}/Each`, mapRunArn: output.MapRunArn, label: "Each" });
    expect(JSON.parse(childMachine.definition!)).toMatchObject({ StartAt: "Check" });
  });

  it("fails with States.ExceedToleratedFailureThreshold past the threshold", async () => {
    const sfn = sfnClient(ctx);
    const definition = {
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemsPath: "$.items",
          ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" }, StartAt: "F", States: { F: { Type: "Fail", Error: "Bad" } } },
          ToleratedFailurePercentage: 50,
          End: true,
        },
      },
    };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: uniqueName("sm"), definition: JSON.stringify(definition), roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"items":[1,2,3]}' }));
    await ctx.aws.settle();
    expect(await describe(sfn, executionArn!)).toMatchObject({ status: "FAILED", error: "States.ExceedToleratedFailureThreshold" });
    const failed = (await history(sfn, executionArn!)).find((e) => e.type === "MapRunFailed");
    expect(failed?.mapRunFailedEventDetails).toEqual({ error: "States.ExceedToleratedFailureThreshold", cause: "The specified tolerated failure threshold was exceeded" });
    const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    const run = await sfn.send(new DescribeMapRunCommand({ mapRunArn: mapRuns![0]!.mapRunArn }));
    expect(run).toMatchObject({ status: "FAILED", toleratedFailurePercentage: 50 });
    expect(run.itemCounts!.failed).toBeGreaterThanOrEqual(2);
    // EXPRESS children are not executions one can list.
    expect((await sfn.send(new ListExecutionsCommand({ mapRunArn: run.mapRunArn }))).executions).toEqual([]);
  });
});
