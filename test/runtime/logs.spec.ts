import { CloudWatchLogsClient, DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { rawRequest, useServer } from "../helpers/index.js";
import { createFn } from "./fixtures.js";

const echoed: string[] = [];
const out = new PassThrough();
out.on("data", (chunk: Buffer) => echoed.push(...chunk.toString().split("\n").filter(Boolean)));
const ctx = useServer({ logLevel: "info", logDestination: out });
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const logs = (): CloudWatchLogsClient => ctx.client(CloudWatchLogsClient);

describe("behaviour", () => {
  it("writes START, the function's lines, END and REPORT to /aws/lambda/<name>, one stream per environment", async () => {
    const name = await createFn(lambda(), `exports.handler = async (e) => { console.log("processing", e.id); console.warn("careful"); return 1; };`);
    const first = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"id":1}') }));
    await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"id":2}') }));
    await ctx.aws.settle();
    const groups = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/aws/lambda/${name}` }));
    expect(groups.logGroups!.map((g) => g.logGroupName)).toEqual([`/aws/lambda/${name}`]);
    const streams = await logs().send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${name}` }));
    expect(streams.logStreams).toHaveLength(1);
    expect(streams.logStreams![0]!.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    const events = await logs().send(new GetLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, logStreamName: streams.logStreams![0]!.logStreamName!, startFromHead: true }));
    const messages = events.events!.map((e) => e.message!);
    const id = first.$metadata.requestId!;
    expect(messages[0]).toMatch(/^INIT_START Runtime Version: /);
    expect(messages[1]).toBe(`START RequestId: ${id} Version: $LATEST\n`);
    expect(messages[2]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\S+Z\\t${id}\\tINFO\\tprocessing 1\\n$`));
    expect(messages[3]).toMatch(new RegExp(`\\t${id}\\tWARN\\tcareful\\n$`));
    expect(messages[4]).toBe(`END RequestId: ${id}\n`);
    expect(messages[5]).toMatch(new RegExp(`^REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d{2} ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d{2} ms\\t\\n$`));
    expect(messages.filter((m) => m.startsWith("REPORT")).length).toBe(2);
    expect(messages.filter((m) => m.includes("Init Duration")).length).toBe(1);
    const filtered = await logs().send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, filterPattern: '"processing"' }));
    expect(filtered.events!.map((e) => e.message!.split("\t").pop())).toEqual(["processing 1\n", "processing 2\n"]);
    expect(echoed.some((l) => l.includes(`"fn":"${name}"`) && l.includes("processing 1"))).toBe(true);
  });

  it("counts invocations, errors, cold starts and cost at /_local/lambda/metrics", async () => {
    const name = await createFn(lambda(), `exports.handler = async (e) => { if (e.fail) throw new Error("x"); return 1; };`, { MemorySize: 1024 });
    await lambda().send(new InvokeCommand({ FunctionName: name }));
    await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"fail":true}') }));
    const res = await rawRequest(ctx.endpoint, { path: "/_local/lambda/metrics" });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body.toString()) as { functions: Record<string, unknown>[] };
    const m = body.functions.find((f) => f.functionName === name)!;
    expect(m).toMatchObject({ functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`, invocations: 2, errors: 1, throttles: 0, coldStarts: 1, peakConcurrency: 1, estimatedCostUsd: 0 });
    expect(m.durationP50Ms).toBeGreaterThan(0);
    expect(m.durationP99Ms).toBeGreaterThanOrEqual(m.durationP50Ms as number);
    expect(m.gbSeconds).toBeGreaterThan(0);
  });
});
