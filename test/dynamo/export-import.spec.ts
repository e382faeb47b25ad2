import { CloudWatchLogsClient, GetLogEventsCommand, DescribeLogStreamsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateTableCommand,
  DescribeExportCommand,
  DescribeImportCommand,
  DynamoDBClient,
  ExportTableToPointInTimeCommand,
  ImportTableCommand,
  ListExportsCommand,
  PutItemCommand,
  DeleteItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
const s3 = (): S3Client => ctx.client(S3Client);
const Bucket = uniqueName("exports").toLowerCase();

async function table(pitr: boolean): Promise<{ name: string; arn: string }> {
  const TableName = uniqueName("exp");
  const { TableDescription } = await ddb().send(
    new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] }),
  );
  if (pitr) await ddb().send(new UpdateContinuousBackupsCommand({ TableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  return { name: TableName, arn: TableDescription!.TableArn! };
}

const text = async (Key: string): Promise<Buffer> => Buffer.from(await (await s3().send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray());
const scanned = async (TableName: string) => ((await ddb().send(new ScanCommand({ TableName }))).Items ?? []).sort((a, b) => a.pk!.S!.localeCompare(b.pk!.S!));

beforeAll(async () => {
  await s3().send(new CreateBucketCommand({ Bucket }));
});

describe("export to S3", () => {
  it("writes AWS's layout — manifests, their MD5s, _started and gzipped DynamoDB JSON lines — and imports back equal", async () => {
    const t = await table(true);
    const items: Record<string, AttributeValue>[] = [
      { pk: { S: "a" }, n: { N: "1" }, tags: { SS: ["x", "y"] } },
      { pk: { S: "b" }, m: { M: { deep: { L: [{ BOOL: true }, { NULL: true }] } } } },
      { pk: { S: "c" }, bin: { B: new Uint8Array([1, 2, 3]) } },
    ];
    for (const Item of items) await ddb().send(new PutItemCommand({ TableName: t.name, Item }));
    const started = await ddb().send(new ExportTableToPointInTimeCommand({ TableArn: t.arn, S3Bucket: Bucket, S3Prefix: "nightly" }));
    const arn = started.ExportDescription!.ExportArn!;
    expect(started.ExportDescription?.ExportStatus).toBe("IN_PROGRESS");
    expect(arn).toMatch(new RegExp(`^${t.arn}/export/\\d{14}-[0-9a-f]{8}$`));
    const id = arn.split("/").pop()!;

    await ctx.aws.settle();
    const done = await ddb().send(new DescribeExportCommand({ ExportArn: arn }));
    expect(done.ExportDescription).toMatchObject({ ExportStatus: "COMPLETED", ItemCount: 3, ExportFormat: "DYNAMODB_JSON", ExportType: "FULL_EXPORT" });
    expect(done.ExportDescription?.ExportManifest).toBe(`nightly/AWSDynamoDB/${id}/manifest-summary.json`);
    const listed = await ddb().send(new ListExportsCommand({ TableArn: t.arn }));
    expect(listed.ExportSummaries?.map((e) => e.ExportArn)).toEqual([arn]);

    const keys = ((await s3().send(new ListObjectsV2Command({ Bucket, Prefix: `nightly/AWSDynamoDB/${id}/` }))).Contents ?? []).map((o) => o.Key!);
    const base = `nightly/AWSDynamoDB/${id}`;
    expect(keys.filter((k) => !k.includes("/data/")).sort()).toEqual([`${base}/_started`, `${base}/manifest-files.json`, `${base}/manifest-files.md5`, `${base}/manifest-summary.json`, `${base}/manifest-summary.md5`]);
    const summary = JSON.parse((await text(`${base}/manifest-summary.json`)).toString()) as Record<string, unknown>;
    expect(summary).toMatchObject({ version: "2020-06-30", exportArn: arn, tableArn: t.arn, s3Bucket: Bucket, s3Prefix: "nightly", itemCount: 3, outputFormat: "DYNAMODB_JSON", exportType: "FULL_EXPORT", manifestFilesS3Key: `${base}/manifest-files.json` });
    const files = (await text(`${base}/manifest-files.json`)).toString().trim().split("\n").map((l) => JSON.parse(l) as { dataFileS3Key: string; itemCount: number });
    expect(files).toHaveLength(1);
    expect(files[0]!.dataFileS3Key).toMatch(new RegExp(`^${base}/data/[a-z2-7]{26}\\.json\\.gz$`));
    const lines = gunzipSync(await text(files[0]!.dataFileS3Key)).toString().trim().split("\n").map((l) => JSON.parse(l) as { Item: Record<string, unknown> });
    expect(lines.map((l) => l.Item.pk)).toEqual([{ S: "a" }, { S: "b" }, { S: "c" }]);
    expect(lines[1]!.Item.m).toEqual({ M: { deep: { L: [{ BOOL: true }, { NULL: true }] } } });

    const TableName = uniqueName("imported");
    const imported = await ddb().send(
      new ImportTableCommand({
        S3BucketSource: { S3Bucket: Bucket, S3KeyPrefix: `${base}/data/` },
        InputFormat: "DYNAMODB_JSON",
        InputCompressionType: "GZIP",
        TableCreationParameters: { TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] },
      }),
    );
    expect(imported.ImportTableDescription?.ImportStatus).toBe("IN_PROGRESS");
    await ctx.aws.settle();
    const d = await ddb().send(new DescribeImportCommand({ ImportArn: imported.ImportTableDescription!.ImportArn }));
    expect(d.ImportTableDescription).toMatchObject({ ImportStatus: "COMPLETED", ProcessedItemCount: 3, ImportedItemCount: 3, ErrorCount: 0 });
    expect(await scanned(TableName)).toEqual(await scanned(t.name));
  });

  it("exports the changes of a period as Keys, NewImage and OldImage (INCREMENTAL_EXPORT)", async () => {
    const t = await table(true);
    await ddb().send(new PutItemCommand({ TableName: t.name, Item: { pk: { S: "kept" }, v: { N: "1" } } }));
    await ddb().send(new PutItemCommand({ TableName: t.name, Item: { pk: { S: "gone" }, v: { N: "1" } } }));
    await ctx.clock.advance(1000);
    const from = ctx.clock.now();
    await ctx.clock.advance(1000);
    await ddb().send(new PutItemCommand({ TableName: t.name, Item: { pk: { S: "kept" }, v: { N: "2" } } }));
    await ddb().send(new DeleteItemCommand({ TableName: t.name, Key: { pk: { S: "gone" } } }));
    await ctx.clock.advance(1000);
    const out = await ddb().send(
      new ExportTableToPointInTimeCommand({ TableArn: t.arn, S3Bucket: Bucket, S3Prefix: "incr", ExportType: "INCREMENTAL_EXPORT", IncrementalExportSpecification: { ExportFromTime: from, ExportToTime: ctx.clock.now() } }),
    );
    const id = out.ExportDescription!.ExportArn!.split("/").pop()!;
    await ctx.aws.settle();
    const files = (await text(`incr/AWSDynamoDB/${id}/manifest-files.json`)).toString().trim().split("\n").map((l) => JSON.parse(l) as { dataFileS3Key: string });
    const records = gunzipSync(await text(files[0]!.dataFileS3Key)).toString().trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => [r.Keys, r.NewImage, r.OldImage])).toEqual([
      [{ pk: { S: "gone" } }, undefined, { pk: { S: "gone" }, v: { N: "1" } }],
      [{ pk: { S: "kept" } }, { pk: { S: "kept" }, v: { N: "2" } }, { pk: { S: "kept" }, v: { N: "1" } }],
    ]);
    const ionOut = await ddb().send(
      new ExportTableToPointInTimeCommand({
        TableArn: t.arn,
        S3Bucket: Bucket,
        S3Prefix: "incr-ion",
        ExportFormat: "ION",
        ExportType: "INCREMENTAL_EXPORT",
        IncrementalExportSpecification: { ExportFromTime: from, ExportToTime: ctx.clock.now(), ExportViewType: "NEW_IMAGE" },
      }),
    );
    await ctx.aws.settle();
    const ionId = ionOut.ExportDescription!.ExportArn!.split("/").pop()!;
    const ionFiles = (await text(`incr-ion/AWSDynamoDB/${ionId}/manifest-files.json`)).toString().trim().split("\n").map((l) => JSON.parse(l) as { dataFileS3Key: string });
    const ionLines = gunzipSync(await text(ionFiles[0]!.dataFileS3Key)).toString().trim().split("\n");
    expect(ionLines.map((l) => l.replace(/WriteTimestampMicros:\d+/, "WriteTimestampMicros:T"))).toEqual([
      '$ion_1_0 {Metadata:{WriteTimestampMicros:T},Keys:{"pk":"gone"}}',
      '$ion_1_0 {Metadata:{WriteTimestampMicros:T},Keys:{"pk":"kept"},NewImage:{"pk":"kept","v":2.}}',
    ]);
  });

  it("needs point-in-time recovery, as on AWS", async () => {
    const t = await table(false);
    await expectAwsError(ddb().send(new ExportTableToPointInTimeCommand({ TableArn: t.arn, S3Bucket: Bucket })), { name: "PointInTimeRecoveryUnavailableException" });
  });
});

describe("import from S3", () => {
  it("counts and logs bad CSV rows, keeps the good ones and ends FAILED with ItemValidationError", async () => {
    await s3().send(new PutObjectCommand({ Bucket, Key: "csv/part-1.csv", Body: 'pk,n,note\na,1,"hello, world"\n,2,no key\nb,3,x\n' }));
    await s3().send(new PutObjectCommand({ Bucket, Key: "csv/part-2.csv", Body: "pk,n,note\nc,4,ok,extra\n" }));
    const TableName = uniqueName("csv");
    const { ImportTableDescription } = await ddb().send(
      new ImportTableCommand({
        S3BucketSource: { S3Bucket: Bucket, S3KeyPrefix: "csv/" },
        InputFormat: "CSV",
        TableCreationParameters: { TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] },
      }),
    );
    await ctx.aws.settle();
    const d = await ddb().send(new DescribeImportCommand({ ImportArn: ImportTableDescription!.ImportArn }));
    expect(d.ImportTableDescription).toMatchObject({
      ImportStatus: "FAILED",
      FailureCode: "ItemValidationError",
      ProcessedItemCount: 4,
      ImportedItemCount: 2,
      ErrorCount: 2,
    });
    expect(await scanned(TableName)).toEqual([
      { pk: { S: "a" }, n: { S: "1" }, note: { S: "hello, world" } },
      { pk: { S: "b" }, n: { S: "3" }, note: { S: "x" } },
    ]);
    const logs = ctx.client(CloudWatchLogsClient);
    const { logStreams } = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/aws-dynamodb/imports" }));
    const events = await logs.send(new GetLogEventsCommand({ logGroupName: "/aws-dynamodb/imports", logStreamName: logStreams![0]!.logStreamName, startFromHead: true }));
    const messages = events.events!.map((e) => JSON.parse(e.message!) as { itemS3Pointer: { key: string; itemIndex: number } });
    expect(messages.map((m) => [m.itemS3Pointer.key, m.itemS3Pointer.itemIndex])).toEqual([
      ["csv/part-1.csv", 1],
      ["csv/part-2.csv", 0],
    ]);
  });

  it("loads DynamoDB JSON with PutItem's checks and messages, the later of two records with one key, and the index entries", async () => {
    const lines = [
      { Item: { pk: { S: "a" }, g: { S: "x" }, n: { N: "01.50" } } },
      { Item: { pk: { N: "1" } } },
      { Item: { pk: { S: "b" }, g: { S: "x" } } },
      { Item: { pk: { S: "a" }, g: { S: "y" } } },
      { Item: { pk: { S: "c" }, g: { N: "5" } } },
      { Item: { g: { S: "x" } } },
      { Item: { pk: { S: "d" }, s: { SS: ["1", "1"] } } },
      { Item: { pk: { S: "" } } },
    ].map((l) => JSON.stringify(l));
    lines.splice(2, 0, "not json");
    await s3().send(new PutObjectCommand({ Bucket, Key: "bulk/data.json", Body: `${lines.join("\n")}\n` }));
    const TableName = uniqueName("bulk");
    const { ImportTableDescription } = await ddb().send(
      new ImportTableCommand({
        S3BucketSource: { S3Bucket: Bucket, S3KeyPrefix: "bulk/" },
        InputFormat: "DYNAMODB_JSON",
        TableCreationParameters: {
          TableName,
          BillingMode: "PAY_PER_REQUEST",
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "g", AttributeType: "S" }],
          GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
        },
      }),
    );
    await ctx.aws.settle();
    const d = await ddb().send(new DescribeImportCommand({ ImportArn: ImportTableDescription!.ImportArn }));
    expect(d.ImportTableDescription).toMatchObject({ ImportStatus: "FAILED", ProcessedItemCount: 9, ImportedItemCount: 3, ErrorCount: 6 });
    expect(await scanned(TableName)).toEqual([{ pk: { S: "a" }, g: { S: "y" } }, { pk: { S: "b" }, g: { S: "x" } }]);
    const byX = await ddb().send(new QueryCommand({ TableName, IndexName: "byG", KeyConditionExpression: "g = :g", ExpressionAttributeValues: { ":g": { S: "x" } } }));
    expect(byX.Items).toEqual([{ pk: { S: "b" }, g: { S: "x" } }]);
    // The messages PutItem gives for the same items.
    const logs = ctx.client(CloudWatchLogsClient);
    const stream = ImportTableDescription!.ImportArn!.split("/").pop()!;
    const events = await logs.send(new GetLogEventsCommand({ logGroupName: "/aws-dynamodb/imports", logStreamName: stream, startFromHead: true }));
    const messages = events.events!.map((e) => JSON.parse(e.message!) as { itemS3Pointer: { itemIndex: number }; errorMessages: string[] });
    expect(messages.map((m) => m.itemS3Pointer.itemIndex)).toEqual([1, 2, 5, 6, 7, 8]);
    for (const [i, m] of messages.entries()) {
      const line = [lines[1], undefined, lines[5], lines[6], lines[7], lines[8]][i];
      if (line === undefined) continue;
      const putError = await ddb()
        .send(new PutItemCommand({ TableName, Item: (JSON.parse(line) as { Item: Record<string, AttributeValue> }).Item }))
        .then(() => "stored", (e: Error) => e.message);
      expect(m.errorMessages).toEqual([putError]);
    }
  });

  it("exports and imports Amazon Ion: AWS's type mapping both ways, Ion as people write it, and bad lines counted", async () => {
    const t = await table(true);
    const items: Record<string, AttributeValue>[] = [
      {
        pk: { S: "all-types" },
        n: { N: "103" },
        f: { N: "-1.5E-3" },
        big: { N: "1.2E+30" },
        b: { B: Buffer.from("hello") },
        yes: { BOOL: true },
        none: { NULL: true },
        ss: { SS: ["a", "b"] },
        ns: { NS: ["1", "2.5"] },
        bs: { BS: [Buffer.from("x"), Buffer.from("y")] },
        l: { L: [{ S: "q\"uote" }, { N: "7" }, { M: { inner: { BOOL: false } } }] },
        m: { M: { "odd key": { S: "v" } } },
      },
      { pk: { S: "plain" } },
    ];
    for (const Item of items) await ddb().send(new PutItemCommand({ TableName: t.name, Item }));
    const started = await ddb().send(new ExportTableToPointInTimeCommand({ TableArn: t.arn, S3Bucket: Bucket, S3Prefix: "ion", ExportFormat: "ION" }));
    await ctx.aws.settle();
    const done = await ddb().send(new DescribeExportCommand({ ExportArn: started.ExportDescription!.ExportArn }));
    expect(done.ExportDescription).toMatchObject({ ExportStatus: "COMPLETED", ExportFormat: "ION", ItemCount: 2 });
    const base = done.ExportDescription!.ExportManifest!.replace(/\/manifest-summary\.json$/, "");
    expect(JSON.parse((await text(`${base}/manifest-summary.json`)).toString()).outputFormat).toBe("ION");
    const files = (await text(`${base}/manifest-files.json`)).toString().trim().split("\n").map((l) => JSON.parse(l) as { dataFileS3Key: string });
    expect(files[0]!.dataFileS3Key).toMatch(/\/data\/[a-z2-7]{26}\.ion\.gz$/);
    const lines = gunzipSync(await text(files[0]!.dataFileS3Key)).toString().trim().split("\n");
    expect(lines[1]).toBe('$ion_1_0 {Item:{"pk":"plain"}}');
    expect(lines[0]).toContain('"n":103.,"f":-0.0015,"big":1200000000000000000000000000000.,"b":{{aGVsbG8=}},"yes":true,"none":null,"ss":$dynamodb_SS::["a","b"],"ns":$dynamodb_NS::[1.,2.5]');

    const TableName = uniqueName("from-ion");
    const params = { BillingMode: "PAY_PER_REQUEST" as const, KeySchema: [{ AttributeName: "pk", KeyType: "HASH" as const }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" as const }] };
    const imported = await ddb().send(
      new ImportTableCommand({ S3BucketSource: { S3Bucket: Bucket, S3KeyPrefix: `${base}/data/` }, InputFormat: "ION", InputCompressionType: "GZIP", TableCreationParameters: { TableName, ...params } }),
    );
    await ctx.aws.settle();
    expect((await ddb().send(new DescribeImportCommand({ ImportArn: imported.ImportTableDescription!.ImportArn }))).ImportTableDescription).toMatchObject({ ImportStatus: "COMPLETED", ImportedItemCount: 2 });
    expect(await scanned(TableName)).toEqual(await scanned(t.name));

    // Written by hand, as AWS's documentation shows it: symbols, decimals in d-notation, an int, a comment.
    const byHand = [
      "$ion_1_0 {Item:{pk:\"book\", Authors:$dynamodb_SS::[\"A1\",\"A2\"], Id:103., PageCount:6d2, Rating:4, Tag:'sym' /* a symbol */}}",
      "$ion_1_0 {Item:{pk:\"when\", at:2020-01-01T00:00:00Z}}",
      "$ion_1_0 {Item:{pk:",
      "$ion_1_0 {NotItem:{pk:\"x\"}}",
    ];
    await s3().send(new PutObjectCommand({ Bucket, Key: "hand-ion/items.ion", Body: `${byHand.join("\n")}\n` }));
    const second = uniqueName("hand-ion");
    const byHandImport = await ddb().send(new ImportTableCommand({ S3BucketSource: { S3Bucket: Bucket, S3KeyPrefix: "hand-ion/" }, InputFormat: "ION", TableCreationParameters: { TableName: second, ...params } }));
    await ctx.aws.settle();
    expect((await ddb().send(new DescribeImportCommand({ ImportArn: byHandImport.ImportTableDescription!.ImportArn }))).ImportTableDescription).toMatchObject({
      ImportStatus: "FAILED",
      ProcessedItemCount: 4,
      ImportedItemCount: 1,
      ErrorCount: 3,
    });
    expect(await scanned(second)).toEqual([{ pk: { S: "book" }, Authors: { SS: ["A1", "A2"] }, Id: { N: "103" }, PageCount: { N: "600" }, Rating: { N: "4" }, Tag: { S: "sym" } }]);
  });
});
