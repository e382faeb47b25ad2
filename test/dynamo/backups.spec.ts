import {
  CreateBackupCommand,
  CreateTableCommand,
  DeleteBackupCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeBackupCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListBackupsCommand,
  PutItemCommand,
  QueryCommand,
  RestoreTableFromBackupCommand,
  RestoreTableToPointInTimeCommand,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
} from "@aws-sdk/client-dynamodb";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalAws } from "../../src/index.js";
import { expectAwsError, testCredentials, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
let table: string;

async function createTableWithGsi(): Promise<string> {
  const TableName = uniqueName("bk");
  await ddb().send(
    new CreateTableCommand({
      TableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "g", AttributeType: "S" }],
      GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
    }),
  );
  return TableName;
}

const sortedKeys = async (TableName: string): Promise<string[]> => ((await ddb().send(new ScanCommand({ TableName }))).Items ?? []).map((i) => i.pk!.S!).sort();

beforeAll(async () => {
  table = await createTableWithGsi();
  for (let i = 0; i < 10; i++) await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: `k${i}` }, g: { S: i % 2 ? "odd" : "even" } } }));
});

describe("on-demand backups", () => {
  it("takes a backup, describes and lists it, and restores it with its index", async () => {
    const created = await ddb().send(new CreateBackupCommand({ TableName: table, BackupName: "nightly" }));
    const arn = created.BackupDetails!.BackupArn!;
    expect(arn).toMatch(new RegExp(`^arn:aws:dynamodb:us-east-1:\\d{12}:table/${table}/backup/\\d{17}-[0-9a-f]{8}$`));
    expect(created.BackupDetails).toMatchObject({ BackupName: "nightly", BackupStatus: "CREATING", BackupType: "USER" });
    await ddb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: "after-backup" }, g: { S: "odd" } } }));

    const described = await ddb().send(new DescribeBackupCommand({ BackupArn: arn }));
    expect(described.BackupDescription?.BackupDetails?.BackupStatus).toBe("AVAILABLE");
    expect(described.BackupDescription?.SourceTableDetails).toMatchObject({ TableName: table, ItemCount: 10, BillingMode: "PAY_PER_REQUEST" });
    expect(described.BackupDescription?.SourceTableFeatureDetails?.GlobalSecondaryIndexes?.[0]?.IndexName).toBe("byG");
    const listed = await ddb().send(new ListBackupsCommand({ TableName: table }));
    expect(listed.BackupSummaries?.map((b) => b.BackupArn)).toEqual([arn]);

    const target = uniqueName("restored");
    const restored = await ddb().send(new RestoreTableFromBackupCommand({ BackupArn: arn, TargetTableName: target }));
    expect(restored.TableDescription?.RestoreSummary).toMatchObject({ SourceBackupArn: arn, RestoreInProgress: true });
    expect(await sortedKeys(target)).toEqual(["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"]);
    const odd = await ddb().send(new QueryCommand({ TableName: target, IndexName: "byG", KeyConditionExpression: "g = :g", ExpressionAttributeValues: { ":g": { S: "odd" } } }));
    expect(odd.Items?.map((i) => i.pk!.S).sort()).toEqual(["k1", "k3", "k5", "k7", "k9"]);
  });

  it("restores with overrides: provisioned billing and no secondary index", async () => {
    const { BackupDetails } = await ddb().send(new CreateBackupCommand({ TableName: table, BackupName: "override" }));
    const target = uniqueName("restored");
    await ddb().send(
      new RestoreTableFromBackupCommand({
        BackupArn: BackupDetails!.BackupArn,
        TargetTableName: target,
        BillingModeOverride: "PROVISIONED",
        ProvisionedThroughputOverride: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
        GlobalSecondaryIndexOverride: [],
      }),
    );
    const { Table } = await ddb().send(new DescribeTableCommand({ TableName: target }));
    expect(Table?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 7, WriteCapacityUnits: 3 });
    expect(Table?.GlobalSecondaryIndexes).toBeUndefined();
    expect(Table?.ItemCount).toBe(11);
  });

  it("answers AWS's errors", async () => {
    await expectAwsError(ddb().send(new CreateBackupCommand({ TableName: "no-such-table", BackupName: "b" + "x".repeat(3) })), {
      name: "TableNotFoundException",
      message: "Table not found: no-such-table",
    });
    const { BackupDetails } = await ddb().send(new CreateBackupCommand({ TableName: table, BackupName: "doomed" }));
    await expectAwsError(ddb().send(new RestoreTableFromBackupCommand({ BackupArn: BackupDetails!.BackupArn, TargetTableName: table })), {
      name: "TableAlreadyExistsException",
      message: `Table already exists: ${table}`,
    });
    const deleted = await ddb().send(new DeleteBackupCommand({ BackupArn: BackupDetails!.BackupArn }));
    expect(deleted.BackupDescription?.BackupDetails?.BackupStatus).toBe("DELETED");
    await expectAwsError(ddb().send(new DescribeBackupCommand({ BackupArn: BackupDetails!.BackupArn })), {
      name: "BackupNotFoundException",
      message: `Backup not found: ${BackupDetails!.BackupArn}`,
    });
  });
});

describe("point-in-time recovery", () => {
  it("is off until enabled: DISABLED, and a restore is PointInTimeRecoveryUnavailableException", async () => {
    const t = await createTableWithGsi();
    const d = await ddb().send(new DescribeContinuousBackupsCommand({ TableName: t }));
    expect(d.ContinuousBackupsDescription).toEqual({ ContinuousBackupsStatus: "ENABLED", PointInTimeRecoveryDescription: { PointInTimeRecoveryStatus: "DISABLED" } });
    await expectAwsError(ddb().send(new RestoreTableToPointInTimeCommand({ SourceTableName: t, TargetTableName: uniqueName("pitr"), UseLatestRestorableTime: true })), {
      name: "PointInTimeRecoveryUnavailableException",
    });
  });

  it("restores the table exactly as it was at an instant between two writes, on the virtual clock", async () => {
    const t = await createTableWithGsi();
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "before-enable" }, g: { S: "x" } } }));
    const enabled = await ddb().send(new UpdateContinuousBackupsCommand({ TableName: t, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 } }));
    expect(enabled.ContinuousBackupsDescription?.PointInTimeRecoveryDescription).toMatchObject({ PointInTimeRecoveryStatus: "ENABLED", RecoveryPeriodInDays: 7 });
    await ctx.clock.advance(1000);
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "a" }, v: { N: "1" }, g: { S: "x" } } }));
    await ctx.clock.advance(1000);
    const instant = ctx.clock.now();
    await ctx.clock.advance(1);
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "a" }, v: { N: "2" }, g: { S: "x" } } }));
    await ddb().send(new PutItemCommand({ TableName: t, Item: { pk: { S: "b" }, g: { S: "x" } } }));
    await ddb().send(new DeleteItemCommand({ TableName: t, Key: { pk: { S: "before-enable" } } }));

    // The latest restorable time trails the present by five minutes.
    await expectAwsError(ddb().send(new RestoreTableToPointInTimeCommand({ SourceTableName: t, TargetTableName: uniqueName("pitr"), RestoreDateTime: instant })), {
      name: "InvalidRestoreTimeException",
    });
    await ctx.clock.advance(6 * 60_000);
    const d = await ddb().send(new DescribeContinuousBackupsCommand({ TableName: t }));
    expect(d.ContinuousBackupsDescription?.PointInTimeRecoveryDescription?.LatestRestorableDateTime?.getTime()).toBe(ctx.clock.now().getTime() - 5 * 60_000);

    const target = uniqueName("pitr");
    const out = await ddb().send(new RestoreTableToPointInTimeCommand({ SourceTableName: t, TargetTableName: target, RestoreDateTime: instant }));
    expect(out.TableDescription?.RestoreSummary?.RestoreDateTime?.getTime()).toBe(instant.getTime());
    expect(await sortedKeys(target)).toEqual(["a", "before-enable"]);
    const a = await ddb().send(new GetItemCommand({ TableName: target, Key: { pk: { S: "a" } } }));
    expect(a.Item?.v).toEqual({ N: "1" });

    const latest = uniqueName("pitr");
    await ddb().send(new RestoreTableToPointInTimeCommand({ SourceTableName: t, TargetTableName: latest, UseLatestRestorableTime: true }));
    expect(await sortedKeys(latest)).toEqual(["a", "b"]);
    const byIndex = await ddb().send(new QueryCommand({ TableName: latest, IndexName: "byG", KeyConditionExpression: "g = :g", ExpressionAttributeValues: { ":g": { S: "x" } } }));
    expect(byIndex.Count).toBe(2);
  });
});

describe("deleting a table with point-in-time recovery on", () => {
  it("keeps a SYSTEM backup of the table just before, for 35 days, and a new table of that name starts a clean history", async () => {
    const TableName = uniqueName("deleted");
    await ddb().send(
      new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] }),
    );
    await ddb().send(new UpdateContinuousBackupsCommand({ TableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
    for (const pk of ["a", "b", "c"]) await ddb().send(new PutItemCommand({ TableName, Item: { pk: { S: pk } } }));
    await ddb().send(new DeleteItemCommand({ TableName, Key: { pk: { S: "b" } } }));
    await ctx.clock.advance(1000);
    await ddb().send(new DeleteTableCommand({ TableName }));

    expect((await ddb().send(new ListBackupsCommand({ TableName }))).BackupSummaries).toEqual([]);
    const { BackupSummaries } = await ddb().send(new ListBackupsCommand({ TableName, BackupType: "SYSTEM" }));
    expect(BackupSummaries).toHaveLength(1);
    const summary = BackupSummaries![0]!;
    expect(summary).toMatchObject({ BackupName: `${TableName}$DeletedTableBackup`, BackupType: "SYSTEM", BackupStatus: "AVAILABLE" });
    expect(summary.BackupExpiryDateTime!.getTime() - summary.BackupCreationDateTime!.getTime()).toBe(35 * 86_400_000);

    // A new table of the same name (perhaps the same internal id) has its own history only.
    await ddb().send(
      new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] }),
    );
    await ddb().send(new UpdateContinuousBackupsCommand({ TableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
    await ddb().send(new PutItemCommand({ TableName, Item: { pk: { S: "new" } } }));
    await ctx.clock.advance(10 * 60_000);
    const fromPitr = uniqueName("fresh");
    await ddb().send(new RestoreTableToPointInTimeCommand({ SourceTableName: TableName, TargetTableName: fromPitr, UseLatestRestorableTime: true }));
    expect(await sortedKeys(fromPitr)).toEqual(["new"]);

    const restored = uniqueName("undeleted");
    await ddb().send(new RestoreTableFromBackupCommand({ BackupArn: summary.BackupArn, TargetTableName: restored }));
    expect(await sortedKeys(restored)).toEqual(["a", "c"]);

    await ctx.clock.advance(35 * 86_400_000);
    await expectAwsError(ddb().send(new DescribeBackupCommand({ BackupArn: summary.BackupArn })), { name: "BackupNotFoundException" });
    expect((await ddb().send(new ListBackupsCommand({ TableName, BackupType: "ALL" }))).BackupSummaries).toEqual([]);
  });
});

describe("restart", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ddb-backups-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("keeps backups and point-in-time history across a restart of a data-directory instance", async () => {
    let aws = await startLocalAws({ port: 0, dataDir, logLevel: "silent", virtualClock: true });
    const client = () => new DynamoDBClient({ endpoint: aws.endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });
    await client().send(
      new CreateTableCommand({ TableName: "kept", BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] }),
    );
    await client().send(new UpdateContinuousBackupsCommand({ TableName: "kept", PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
    await client().send(new PutItemCommand({ TableName: "kept", Item: { pk: { S: "one" } } }));
    const { BackupDetails } = await client().send(new CreateBackupCommand({ TableName: "kept", BackupName: "kept-backup" }));
    await aws.stop();

    aws = await startLocalAws({ port: 0, dataDir, logLevel: "silent", virtualClock: true });
    try {
      await aws.clock.advance(10 * 60_000);
      await client().send(new RestoreTableFromBackupCommand({ BackupArn: BackupDetails!.BackupArn, TargetTableName: "from-backup" }));
      await client().send(new RestoreTableToPointInTimeCommand({ SourceTableName: "kept", TargetTableName: "from-pitr", UseLatestRestorableTime: true }));
      for (const TableName of ["from-backup", "from-pitr"]) {
        const got = await client().send(new GetItemCommand({ TableName, Key: { pk: { S: "one" } } }));
        expect(got.Item).toEqual({ pk: { S: "one" } });
      }
    } finally {
      await aws.stop();
    }
  });
});

describe("global tables without a replication delay", () => {
  it("a write reaches the replica by the time settle returns", async () => {
    const TableName = uniqueName("gt");
    await ddb().send(
      new CreateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] }),
    );
    await ddb().send(new UpdateTableCommand({ TableName, ReplicaUpdates: [{ Create: { RegionName: "ap-south-1" } }] }));
    await ddb().send(new PutItemCommand({ TableName, Item: { pk: { S: "fast" } } }));
    await ctx.aws.settle();
    const replica = ctx.client(DynamoDBClient, { region: "ap-south-1" });
    const got = await replica.send(new GetItemCommand({ TableName, Key: { pk: { S: "fast" } } }));
    expect(got.Item).toEqual({ pk: { S: "fast" } });
  });
});
