/** Global tables of version 2017.11.29: the legacy API linking tables that already exist in each region. */
import {
  CreateGlobalTableCommand,
  CreateTableCommand,
  DescribeGlobalTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListGlobalTablesCommand,
  PutItemCommand,
  UpdateGlobalTableCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";

const ctx = useServer();
const inRegion = (region: string): DynamoDBClient => ctx.client(DynamoDBClient, { region });

async function tableIn(region: string, TableName: string, stream = true): Promise<void> {
  await inRegion(region).send(
    new CreateTableCommand({
      TableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } } : {}),
    }),
  );
}

const get = async (region: string, TableName: string, pk: string) => (await inRegion(region).send(new GetItemCommand({ TableName, Key: { pk: { S: pk } } }))).Item;

describe("CreateGlobalTable", () => {
  it("links a table of each region; writes replicate; Describe and List show the group", async () => {
    const GlobalTableName = uniqueName("legacy");
    await tableIn("us-east-1", GlobalTableName);
    await tableIn("eu-west-1", GlobalTableName);
    const created = await inRegion("us-east-1").send(new CreateGlobalTableCommand({ GlobalTableName, ReplicationGroup: [{ RegionName: "us-east-1" }, { RegionName: "eu-west-1" }] }));
    expect(created.GlobalTableDescription).toMatchObject({
      GlobalTableName,
      GlobalTableStatus: "ACTIVE",
      GlobalTableArn: `arn:aws:dynamodb::000000000000:global-table/${GlobalTableName}`,
      ReplicationGroup: [
        { RegionName: "eu-west-1", ReplicaStatus: "ACTIVE" },
        { RegionName: "us-east-1", ReplicaStatus: "ACTIVE" },
      ],
    });
    expect((await inRegion("us-east-1").send(new DescribeTableCommand({ TableName: GlobalTableName }))).Table?.GlobalTableVersion).toBe("2017.11.29");

    await inRegion("eu-west-1").send(new PutItemCommand({ TableName: GlobalTableName, Item: { pk: { S: "from-west" } } }));
    await ctx.aws.settle();
    expect(await get("us-east-1", GlobalTableName, "from-west")).toEqual({ pk: { S: "from-west" } });

    const described = await inRegion("eu-west-1").send(new DescribeGlobalTableCommand({ GlobalTableName }));
    expect(described.GlobalTableDescription?.ReplicationGroup?.map((r) => r.RegionName)).toEqual(["eu-west-1", "us-east-1"]);
    const listed = await inRegion("us-east-1").send(new ListGlobalTablesCommand({ RegionName: "eu-west-1" }));
    expect(listed.GlobalTables).toContainEqual({ GlobalTableName, ReplicationGroup: [{ RegionName: "eu-west-1" }, { RegionName: "us-east-1" }] });
    expect((await inRegion("us-east-1").send(new ListGlobalTablesCommand({ RegionName: "ap-south-1" }))).GlobalTables?.some((g) => g.GlobalTableName === GlobalTableName)).toBe(false);

    await expectAwsError(inRegion("us-east-1").send(new CreateGlobalTableCommand({ GlobalTableName, ReplicationGroup: [{ RegionName: "us-east-1" }] })), {
      name: "GlobalTableAlreadyExistsException",
      status: 400,
    });
  });

  it("needs the table in every region, with a NEW_AND_OLD_IMAGES stream", async () => {
    const GlobalTableName = uniqueName("needs");
    await tableIn("us-east-1", GlobalTableName, false);
    await expectAwsError(inRegion("us-east-1").send(new CreateGlobalTableCommand({ GlobalTableName, ReplicationGroup: [{ RegionName: "us-east-1" }, { RegionName: "eu-west-1" }] })), {
      name: "TableNotFoundException",
      status: 400,
    });
    await tableIn("eu-west-1", GlobalTableName);
    await expectAwsError(inRegion("us-east-1").send(new CreateGlobalTableCommand({ GlobalTableName, ReplicationGroup: [{ RegionName: "us-east-1" }, { RegionName: "eu-west-1" }] })), {
      name: "ValidationException",
      status: 400,
    });
    await expectAwsError(inRegion("us-east-1").send(new DescribeGlobalTableCommand({ GlobalTableName })), { name: "GlobalTableNotFoundException", status: 400 });
  });
});

describe("UpdateGlobalTable", () => {
  it("adds an empty table of another region and removes a region, whose table stays but no longer replicates", async () => {
    const GlobalTableName = uniqueName("grow");
    for (const region of ["us-east-1", "eu-west-1", "ap-south-1"]) await tableIn(region, GlobalTableName);
    await inRegion("us-east-1").send(new CreateGlobalTableCommand({ GlobalTableName, ReplicationGroup: [{ RegionName: "us-east-1" }, { RegionName: "eu-west-1" }] }));
    await expectAwsError(inRegion("us-east-1").send(new UpdateGlobalTableCommand({ GlobalTableName, ReplicaUpdates: [{ Create: { RegionName: "eu-west-1" } }] })), {
      name: "ReplicaAlreadyExistsException",
      status: 400,
    });
    const grown = await inRegion("us-east-1").send(
      new UpdateGlobalTableCommand({ GlobalTableName, ReplicaUpdates: [{ Create: { RegionName: "ap-south-1" } }, { Delete: { RegionName: "eu-west-1" } }] }),
    );
    expect(grown.GlobalTableDescription?.ReplicationGroup?.map((r) => r.RegionName)).toEqual(["ap-south-1", "us-east-1"]);
    await inRegion("us-east-1").send(new PutItemCommand({ TableName: GlobalTableName, Item: { pk: { S: "after" } } }));
    await ctx.aws.settle();
    expect(await get("ap-south-1", GlobalTableName, "after")).toEqual({ pk: { S: "after" } });
    expect(await get("eu-west-1", GlobalTableName, "after")).toBeUndefined();
    await expectAwsError(inRegion("us-east-1").send(new UpdateGlobalTableCommand({ GlobalTableName, ReplicaUpdates: [{ Delete: { RegionName: "eu-west-1" } }] })), {
      name: "ReplicaNotFoundException",
      status: 400,
    });
  });
});
