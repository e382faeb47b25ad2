import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateStateMachineCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
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
    const types = (await history(sfn, executionArn!)).map((e) => e.type);
    expect(types.filter((t) => t === "MapIterationStarted")).toHaveLength(3);
    expect(types).toContain("MapIterationFailed");
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
  });
});
