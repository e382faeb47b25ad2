import { CreateStreamCommand, KinesisClient, PutRecordCommand } from "@aws-sdk/client-kinesis";
import { CreateEventSourceMappingCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startLocalAws, type LocalAws } from "../../src/index.js";
import { testCredentials } from "../helpers/index.js";
import { recorder } from "./recorder.js";

const clients = (aws: LocalAws): { lambda: LambdaClient; kinesis: KinesisClient } => ({
  lambda: new LambdaClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 }),
  // Default settings otherwise: cleartext HTTP/2.
  kinesis: new KinesisClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 }),
});

type Batch = { Records: { kinesis: { data: string } }[] };
const values = (events: Record<string, unknown>[]): unknown[] => (events as unknown as Batch[]).flatMap((b) => b.Records.map((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64").toString("utf8")) as unknown));

describe("Kinesis event source mappings across a restart", () => {
  it("keep each shard's position: nothing is delivered twice and a record put after the restart is delivered", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "la-kinesis-esm-restart-"));
    const start = (): Promise<LocalAws> => startLocalAws({ port: 0, dataDir, virtualClock: true, logLevel: "silent" });
    let aws = await start();
    let c = clients(aws);
    const fn = await recorder(c.lambda, "return {};");
    await c.kinesis.send(new CreateStreamCommand({ StreamName: "restarts", ShardCount: 1 }));
    const put = (n: number): Promise<unknown> => c.kinesis.send(new PutRecordCommand({ StreamName: "restarts", PartitionKey: "k", Data: Buffer.from(JSON.stringify({ n })) }));
    await c.lambda.send(new CreateEventSourceMappingCommand({ EventSourceArn: "arn:aws:kinesis:us-east-1:000000000000:stream/restarts", FunctionName: fn.name, StartingPosition: "TRIM_HORIZON" }));
    await put(1);
    await put(2);
    await aws.settle();
    expect(values(fn.events())).toEqual([{ n: 1 }, { n: 2 }]);
    await aws.stop();

    aws = await start();
    c = clients(aws);
    try {
      await put(3);
      await aws.settle();
      expect(values(fn.events())).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    } finally {
      await aws.stop();
    }
  });
});
