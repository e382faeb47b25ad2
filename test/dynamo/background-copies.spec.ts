/**
 * Backups copied, and tables restored, in chunks between requests: writes go on while a backup is
 * CREATING, and the backup still holds exactly the items of the moment it was taken. Chunks of 3
 * items, each 1 s after the last on the virtual clock, so the test decides what runs in between.
 */
import {
  CreateBackupCommand,
  CreateTableCommand,
  DeleteBackupCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeBackupCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalAws } from "../../src/index.js";
import { expectAwsError, testCredentials, uniqueName, useServer } from "../helpers/index.js";

const dir = mkdtempSync(join(tmpdir(), "ddb-chunks-"));
const config = join(dir, "local-aws.json");
writeFileSync(config, JSON.stringify({ dynamodb: { bulkChunkItems: 3, bulkChunkDelayMs: 1000 } }));
const ctx = useServer({ config });
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tableOf(items: number, options: { gsi?: boolean; pitr?: boolean; stream?: boolean } = {}): Promise<string> {
  const TableName = uniqueName("chunks");
  await ddb().send(
    new CreateTableCommand({
      TableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" as const }, ...(options.gsi ? [{ AttributeName: "g", AttributeType: "S" as const }] : [])],
      ...(options.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" as const } } : {}),
      ...(options.gsi ? { GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" as const }], Projection: { ProjectionType: "ALL" as const } }] } : {}),
    }),
  );
  if (options.pitr) await ddb().send(new UpdateContinuousBackupsCommand({ TableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
  for (let i = 0; i < items; i++) await ddb().send(new PutItemCommand({ TableName, Item: { pk: { S: `k${i}` }, v: { N: String(i) }, g: { S: i % 2 ? "odd" : "even" } } }));
  return TableName;
}

const contents = async (TableName: string): Promise<string[]> =>
  ((await ddb().send(new ScanCommand({ TableName }))).Items ?? []).map((i) => `${i.pk!.S}=${i.v?.N ?? "-"}`).sort();

const backupStatus = async (BackupArn: string): Promise<string | undefined> =>
  (await ddb().send(new DescribeBackupCommand({ BackupArn }))).BackupDescription?.BackupDetails?.BackupStatus;

const tableStatus = async (TableName: string): Promise<string | undefined> => (await ddb().send(new DescribeTableCommand({ TableName }))).Table?.TableStatus;

describe("a backup of a table taking writes", () => {
  it("stays CREATING while it copies, lets writes through, and holds the items of the moment it was taken", async () => {
    const TableName = await tableOf(10, { gsi: true });
    const before = await contents(TableName);
    const { BackupDetails } = await ddb().send(new CreateBackupCommand({ TableName, BackupName: "busy" }));
    const BackupArn = BackupDetails!.BackupArn!;
    expect(BackupDetails!.BackupStatus).toBe("CREATING");
    expect(await backupStatus(BackupArn)).toBe("CREATING");
    // Keys both before and after the copy's cursor (k0-k2 were copied by the first chunk).
    await ddb().send(new PutItemCommand({ TableName, Item: { pk: { S: "k9" }, v: { N: "900" } } }));
    await ddb().send(new UpdateItemCommand({ TableName, Key: { pk: { S: "k1" } }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { N: "100" } } }));
    await ddb().send(new DeleteItemCommand({ TableName, Key: { pk: { S: "k5" } } }));
    await ddb().send(new DeleteItemCommand({ TableName, Key: { pk: { S: "k0" } } }));
    await ddb().send(new PutItemCommand({ TableName, Item: { pk: { S: "k55" }, v: { N: "55" } } }));
    await ctx.clock.advance(1000);
    await ddb().send(new PutItemCommand({ TableName, Item: { pk: { S: "k8" }, v: { N: "800" } } }));
    await expectAwsError(ddb().send(new RestoreTableFromBackupCommand({ BackupArn, TargetTableName: uniqueName("early") })), { name: "BackupInUseException", status: 400 });
    await expectAwsError(ddb().send(new DeleteBackupCommand({ BackupArn })), { name: "BackupInUseException", status: 400 });

    await ctx.clock.advance(5000);
    const described = await ddb().send(new DescribeBackupCommand({ BackupArn }));
    expect(described.BackupDescription?.BackupDetails?.BackupStatus).toBe("AVAILABLE");
    expect(described.BackupDescription?.SourceTableDetails?.ItemCount).toBe(10);

    const target = uniqueName("restored");
    const restored = await ddb().send(new RestoreTableFromBackupCommand({ BackupArn, TargetTableName: target }));
    expect(restored.TableDescription?.TableStatus).toBe("CREATING");
    expect(restored.TableDescription?.RestoreSummary?.RestoreInProgress).toBe(true);
    await expectAwsError(ddb().send(new GetItemCommand({ TableName: target, Key: { pk: { S: "k1" } } })), { name: "ResourceNotFoundException", status: 400 });
    await ctx.clock.advance(5000);
    expect(await tableStatus(target)).toBe("ACTIVE");
    expect(await contents(target)).toEqual(before);
    const odd = await ddb().send(new QueryCommand({ TableName: target, IndexName: "byG", KeyConditionExpression: "g = :g", ExpressionAttributeValues: { ":g": { S: "odd" } } }));
    expect(odd.Count).toBe(5);
    // The source kept every write.
    expect(await contents(TableName)).toEqual(["k1=100", "k2=2", "k3=3", "k4=4", "k55=55", "k6=6", "k7=7", "k8=800", "k9=900"]);
  });

  it("keeps the same promise for a table with a stream (whose plain puts otherwise take a one-statement path)", async () => {
    const TableName = await tableOf(9, { stream: true });
    const before = await contents(TableName);
    const { BackupDetails } = await ddb().send(new CreateBackupCommand({ TableName, BackupName: "streamed" }));
    await ddb().send(new PutItemCommand({ TableName, Item: { pk: { S: "k8" }, v: { N: "888" } } }));
    await ddb().send(new PutItemCommand({ TableName, Item: { pk: { S: "k77" } } }));
    await ctx.clock.advance(5000);
    const target = uniqueName("streamed");
    await ddb().send(new RestoreTableFromBackupCommand({ BackupArn: BackupDetails!.BackupArn!, TargetTableName: target }));
    await ctx.clock.advance(5000);
    expect(await contents(target)).toEqual(before);
  });

  it("takes the rest of the items at once when the table is deleted during the copy", async () => {
    const TableName = await tableOf(8);
    const before = await contents(TableName);
    const { BackupDetails } = await ddb().send(new CreateBackupCommand({ TableName, BackupName: "gone" }));
    await ddb().send(new DeleteTableCommand({ TableName }));
    expect(await backupStatus(BackupDetails!.BackupArn!)).toBe("AVAILABLE");
    const target = uniqueName("revived");
    await ddb().send(new RestoreTableFromBackupCommand({ BackupArn: BackupDetails!.BackupArn!, TargetTableName: target }));
    await ctx.clock.advance(5000);
    expect(await contents(target)).toEqual(before);
  });
});

describe("a point-in-time restore in chunks", () => {
  it("is CREATING until its last chunk, then holds exactly the items of the instant", async () => {
    const TableName = await tableOf(7, { pitr: true });
    await ctx.clock.advance(1000);
    const instant = ctx.clock.now();
    const atInstant = await contents(TableName);
    await ctx.clock.advance(1000);
    await ddb().send(new DeleteItemCommand({ TableName, Key: { pk: { S: "k3" } } }));
    await ddb().send(new PutItemCommand({ TableName, Item: { pk: { S: "k4" }, v: { N: "400" } } }));
    await ddb().send(new PutItemCommand({ TableName, Item: { pk: { S: "new" }, v: { N: "1" } } }));
    await ctx.clock.advance(10 * 60_000);
    const target = uniqueName("pitr");
    const out = await ddb().send(new RestoreTableToPointInTimeCommand({ SourceTableName: TableName, TargetTableName: target, RestoreDateTime: new Date(instant) }));
    expect(out.TableDescription?.TableStatus).toBe("CREATING");
    expect(await tableStatus(target)).toBe("CREATING");
    await ctx.clock.advance(5000);
    expect(await tableStatus(target)).toBe("ACTIVE");
    expect(await contents(target)).toEqual(atInstant);
  });
});

describe("restart", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ddb-chunks-restart-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("goes on with a backup's copy and a restore's fill after a restart, still exact", async () => {
    let aws = await startLocalAws({ port: 0, dataDir, config, logLevel: "silent", virtualClock: true });
    const client = () => new DynamoDBClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });
    try {
      await client().send(
        new CreateTableCommand({ TableName: "kept", BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] }),
      );
      for (let i = 0; i < 9; i++) await client().send(new PutItemCommand({ TableName: "kept", Item: { pk: { S: `k${i}` } } }));
      const { BackupDetails } = await client().send(new CreateBackupCommand({ TableName: "kept", BackupName: "across" }));
      await client().send(new DeleteItemCommand({ TableName: "kept", Key: { pk: { S: "k7" } } }));
      await aws.stop();

      aws = await startLocalAws({ port: 0, dataDir, config, logLevel: "silent", virtualClock: true });
      await client().send(new DeleteItemCommand({ TableName: "kept", Key: { pk: { S: "k8" } } }));
      await aws.clock.advance(5000);
      const d = await client().send(new DescribeBackupCommand({ BackupArn: BackupDetails!.BackupArn }));
      expect(d.BackupDescription?.BackupDetails?.BackupStatus).toBe("AVAILABLE");
      expect(d.BackupDescription?.SourceTableDetails?.ItemCount).toBe(9);
      await client().send(new RestoreTableFromBackupCommand({ BackupArn: BackupDetails!.BackupArn, TargetTableName: "copy" }));
      await aws.stop();

      aws = await startLocalAws({ port: 0, dataDir, config, logLevel: "silent", virtualClock: true });
      expect((await client().send(new DescribeTableCommand({ TableName: "copy" }))).Table?.TableStatus).toBe("CREATING");
      await aws.clock.advance(5000);
      expect((await client().send(new DescribeTableCommand({ TableName: "copy" }))).Table?.TableStatus).toBe("ACTIVE");
      const items = (await client().send(new ScanCommand({ TableName: "copy" }))).Items ?? [];
      expect(items.map((i) => i.pk!.S).sort()).toEqual(["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8"]);
    } finally {
      await aws.stop();
    }
  });
});
