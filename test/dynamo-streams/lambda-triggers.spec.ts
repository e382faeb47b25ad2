import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateEventSourceMappingCommand, CreateFunctionCommand, GetEventSourceMappingCommand, LambdaClient, UpdateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { strToU8, zipSync } from "fflate";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectAwsError, tableWithStream, uniqueName, useServer } from "../helpers/index.js";
import { drain, queue } from "../events/helpers.js";

const ctx = useServer();
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const out = mkdtempSync(join(tmpdir(), "la-ddb-esm-"));

interface Recorded {
  Records: { eventName: string; eventSourceARN: string; eventSource: string; dynamodb: { Keys: { pk: { S: string } }; NewImage?: Record<string, unknown>; ApproximateCreationDateTime: number; SequenceNumber: string } }[];
}

/** A function that records each batch, then runs `then` (`e` is the event). */
async function fn(then = "return {};"): Promise<{ name: string; batches(): Recorded[] }> {
  const file = join(out, `${uniqueName("b")}.jsonl`);
  const name = uniqueName("fn");
  const source = `const fs = require("fs"); exports.handler = async (e) => { fs.appendFileSync(process.env.OUT, JSON.stringify(e) + "\\n"); ${then} };`;
  await lambda().send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: "arn:aws:iam::000000000000:role/r", Handler: "index.handler", Code: { ZipFile: zipSync({ "index.js": strToU8(source) }) }, Environment: { Variables: { OUT: file } } }),
  );
  return { name, batches: () => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Recorded) : []) };
}

const table = (): Promise<{ name: string; streamArn: string }> => tableWithStream(ddb(), "NEW_IMAGE");

const put = (name: string, pk: string): Promise<unknown> => ddb().send(new PutItemCommand({ TableName: name, Item: { pk: { S: pk } } }));
const keys = (batches: Recorded[]): string[] => batches.flatMap((b) => b.Records.map((r) => r.dynamodb.Keys.pk.S));

describe("Lambda triggers from DynamoDB streams", () => {
  it("invokes the function with stream records in Lambda's format, in order", async () => {
    const t = await table();
    const f = await fn();
    await put(t.name, "before");
    const created = await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: t.streamArn, FunctionName: f.name, StartingPosition: "TRIM_HORIZON", BatchSize: 10 }));
    expect(created).toMatchObject({ EventSourceArn: t.streamArn, StartingPosition: "TRIM_HORIZON", BatchSize: 10, MaximumRetryAttempts: -1, BisectBatchOnFunctionError: false });
    for (const k of ["a", "b", "c"]) await put(t.name, k);
    await ctx.aws.settle();
    expect(keys(f.batches())).toEqual(["before", "a", "b", "c"]);
    const record = f.batches()[0]!.Records[0]!;
    expect(record).toMatchObject({ eventName: "INSERT", eventSource: "aws:dynamodb", eventSourceARN: t.streamArn, dynamodb: { NewImage: { pk: { S: "before" } } } });
    expect(typeof record.dynamodb.ApproximateCreationDateTime).toBe("number");
    const mapping = await lambda().send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect((mapping as unknown as Record<string, unknown>).Position).toBeUndefined();
    await lambda().send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, MaximumRetryAttempts: 3, BisectBatchOnFunctionError: true }));
    expect(await lambda().send(new GetEventSourceMappingCommand({ UUID: created.UUID }))).toMatchObject({ MaximumRetryAttempts: 3, BisectBatchOnFunctionError: true, StartingPosition: "TRIM_HORIZON" });
    // The update keeps the read position: nothing is delivered twice.
    await put(t.name, "d");
    await ctx.aws.settle();
    expect(keys(f.batches())).toEqual(["before", "a", "b", "c", "d"]);
  });

  it("starts at LATEST when asked", async () => {
    const t = await table();
    const f = await fn();
    await put(t.name, "old");
    await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: t.streamArn, FunctionName: f.name, StartingPosition: "LATEST" }));
    await ctx.aws.settle();
    await put(t.name, "new");
    await ctx.aws.settle();
    expect(keys(f.batches())).toEqual(["new"]);
  });

  it("retries a failing batch, blocking the stream, then sends AWS's record pointer to the on-failure queue and moves on", async () => {
    const t = await table();
    const dlq = await queue(ctx.client(SQSClient));
    const f = await fn(`if (e.Records.some((r) => r.dynamodb.Keys.pk.S === "poison")) throw new Error("boom"); return {};`);
    await lambda().send(
      new CreateEventSourceMappingCommand({
        EventSourceArn: t.streamArn,
        FunctionName: f.name,
        StartingPosition: "TRIM_HORIZON",
        BatchSize: 1,
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: dlq.arn } },
      }),
    );
    await put(t.name, "poison");
    await put(t.name, "fine");
    await ctx.aws.settle();
    expect(keys(f.batches())).toEqual(["poison"]);
    await ctx.clock.advance(60_000);
    expect(keys(f.batches())).toEqual(["poison", "poison", "poison", "fine"]);
    const [pointer] = await drain(ctx.client(SQSClient), dlq.url);
    expect(JSON.parse(pointer!.Body!)).toMatchObject({
      requestContext: { condition: "RetryAttemptsExhausted", approximateInvokeCount: 3 },
      responseContext: { functionError: "Unhandled" },
      version: "1.0",
      DDBStreamBatchInfo: { batchSize: 1, streamArn: t.streamArn, shardId: expect.stringMatching(/^shardId-/) },
    });
  });

  it("resumes from the first reported batch item failure", async () => {
    const t = await table();
    const f = await fn(`
      const seen = (globalThis.seen ??= new Set());
      const bad = e.Records.find((r) => r.dynamodb.Keys.pk.S === "b" && !seen.has("b"));
      if (bad) { seen.add("b"); return { batchItemFailures: [{ itemIdentifier: bad.dynamodb.SequenceNumber }] }; }
      return { batchItemFailures: [] };`);
    for (const k of ["a", "b", "c"]) await put(t.name, k);
    await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: t.streamArn, FunctionName: f.name, StartingPosition: "TRIM_HORIZON", FunctionResponseTypes: ["ReportBatchItemFailures"] }));
    await ctx.aws.settle();
    await ctx.clock.advance(5000);
    expect(f.batches().map((b) => b.Records.map((r) => r.dynamodb.Keys.pk.S))).toEqual([["a", "b", "c"], ["b", "c"]]);
  });

  it("aggregates state over tumbling windows and makes a final call per window", async () => {
    const t = await table();
    const f = await fn(`return { state: { count: (e.state?.count ?? 0) + e.Records.length } };`);
    const now = ctx.clock.now().getTime();
    await ctx.clock.advance(60_000 - (now % 60_000) + 5000);
    await lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: t.streamArn, FunctionName: f.name, StartingPosition: "LATEST", TumblingWindowInSeconds: 60 }));
    await ctx.aws.settle();
    await put(t.name, "a");
    await put(t.name, "b");
    await ctx.aws.settle();
    await ctx.clock.advance(1000);
    await put(t.name, "c");
    await ctx.aws.settle();
    await ctx.clock.advance(60_000);
    await put(t.name, "d");
    await ctx.aws.settle();
    type Windowed = Recorded & { state: { count?: number }; isFinalInvokeForWindow: boolean; window: { start: string; end: string }; shardId: string; eventSourceARN: string };
    const calls = f.batches() as Windowed[];
    expect(calls.map((b) => [b.Records.map((r) => r.dynamodb.Keys.pk.S), b.state, b.isFinalInvokeForWindow])).toEqual([
      [["a", "b"], {}, false],
      [["c"], { count: 2 }, false],
      [[], { count: 3 }, true],
      [["d"], {}, false],
    ]);
    expect(Date.parse(calls[0]!.window.end) - Date.parse(calls[0]!.window.start)).toBe(60_000);
    expect(calls[0]!.shardId).toMatch(/^shardId-/);
    expect(calls[0]!.eventSourceARN).toBe(t.streamArn);
  });

  it("refuses a mapping without StartingPosition or for a stream that does not exist", async () => {
    const t = await table();
    const f = await fn();
    await expectAwsError(lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: t.streamArn, FunctionName: f.name })), { name: "InvalidParameterValueException", status: 400 });
    await expectAwsError(
      lambda().send(new CreateEventSourceMappingCommand({ EventSourceArn: `${t.streamArn.split("/stream/")[0]}/stream/2020-01-01T00:00:00.000`, FunctionName: f.name, StartingPosition: "LATEST" })),
      { name: "InvalidParameterValueException", status: 400, message: /^Stream not found: / },
    );
  });
});
