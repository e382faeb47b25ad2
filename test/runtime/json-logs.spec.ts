import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";
import { createFn } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const logs = (): CloudWatchLogsClient => ctx.client(CloudWatchLogsClient);

async function messagesOf(name: string): Promise<Record<string, unknown>[]> {
  await ctx.aws.settle();
  const group = `/aws/lambda/${name}`;
  const streams = await logs().send(new DescribeLogStreamsCommand({ logGroupName: group }));
  const events = await logs().send(new GetLogEventsCommand({ logGroupName: group, logStreamName: streams.logStreams![0]!.logStreamName!, startFromHead: true }));
  return events.events!.map((e) => JSON.parse(e.message!) as Record<string, unknown>);
}

const source = `exports.handler = async (e) => { console.debug("hidden"); console.log("processing", e.id); console.warn({ a: 1 }); console.error(new TypeError("bad")); if (e.fail) throw new Error("boom"); return 1; };`;

describe("behaviour", () => {
  it("writes JSON platform records and JSON application lines with LogFormat JSON", async () => {
    const name = await createFn(lambda(), source, { LoggingConfig: { LogFormat: "JSON" } });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"id":7}') }));
    const id = res.$metadata.requestId!;
    const m = await messagesOf(name);
    expect(m.map((x) => x.type ?? x.level)).toEqual(["platform.initStart", "platform.start", "INFO", "WARN", "ERROR", "platform.report"]);
    expect(m[0]).toMatchObject({ record: { initializationType: "on-demand", phase: "init", functionName: name, functionVersion: "$LATEST" } });
    expect(m[1]).toMatchObject({ type: "platform.start", record: { requestId: id, version: "$LATEST" } });
    expect(m[1]!.time).toMatch(/^\d{4}-\d{2}-\d{2}T\S+Z$/);
    expect(m[2]).toEqual({ timestamp: expect.stringMatching(/Z$/) as unknown, level: "INFO", requestId: id, message: "processing 7" });
    expect(m[3]).toMatchObject({ level: "WARN", requestId: id, message: { a: 1 } });
    expect(m[4]).toMatchObject({ level: "ERROR", requestId: id, message: { errorType: "TypeError", errorMessage: "bad" } });
    const report = m[5]!.record as { requestId: string; status: string; metrics: Record<string, number> };
    expect(report.requestId).toBe(id);
    expect(report.status).toBe("success");
    expect(Object.keys(report.metrics).sort()).toEqual(["billedDurationMs", "durationMs", "initDurationMs", "maxMemoryUsedMB", "memorySizeMB"]);
    expect(report.metrics.memorySizeMB).toBe(128);
  });

  it("filters application lines by ApplicationLogLevel and platform records by SystemLogLevel", async () => {
    const name = await createFn(lambda(), source, { LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "DEBUG", SystemLogLevel: "WARN" } });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"id":1,"fail":true}') }));
    expect(res.FunctionError).toBe("Unhandled");
    const m = await messagesOf(name);
    expect(m.map((x) => x.level)).toEqual(["DEBUG", "INFO", "WARN", "ERROR", "ERROR"]);
    expect(m[4]).toMatchObject({ level: "ERROR", requestId: res.$metadata.requestId, message: "Invoke Error", errorType: "Error", errorMessage: "boom" });
    const warnOnly = await createFn(lambda(), source, { LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "WARN" } });
    await lambda().send(new InvokeCommand({ FunctionName: warnOnly, Payload: Buffer.from('{"id":1}') }));
    expect((await messagesOf(warnOnly)).map((x) => x.type ?? x.level)).toEqual(["platform.initStart", "platform.start", "WARN", "ERROR", "platform.report"]);
  });

  it("sets AWS_LAMBDA_LOG_FORMAT and AWS_LAMBDA_LOG_LEVEL for a JSON-format function", async () => {
    const name = await createFn(lambda(), `exports.handler = async () => [process.env.AWS_LAMBDA_LOG_FORMAT, process.env.AWS_LAMBDA_LOG_LEVEL];`, { LoggingConfig: { LogFormat: "JSON", ApplicationLogLevel: "ERROR" } });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(JSON.parse(Buffer.from(res.Payload!).toString())).toEqual(["JSON", "ERROR"]);
  });
});
