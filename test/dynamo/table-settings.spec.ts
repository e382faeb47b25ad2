import {
  DescribeEndpointsCommand,
  DescribeLimitsCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { expectAwsError, uniqueName, useServer } from "../helpers/index.js";
import { createTable } from "./setup.js";

const ctx = useServer();
const ddb = (): DynamoDBClient => ctx.client(DynamoDBClient);
const arnOf = async (name: string): Promise<string> => (await ddb().send(new DescribeTableCommand({ TableName: name }))).Table!.TableArn!;

describe("validation", () => {
  it("rejects an UpdateTable that changes nothing", async () => {
    const name = await createTable(ctx);
    await expectAwsError(ddb().send(new UpdateTableCommand({ TableName: name })), {
      name: "ValidationException",
      status: 400,
      message: "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required",
    });
  });

  it("rejects a TTL change within an hour of the last one", async () => {
    const name = await createTable(ctx);
    await ddb().send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: "exp" } }));
    await expectAwsError(ddb().send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: false, AttributeName: "exp" } })), {
      name: "ValidationException",
      message: "Time to live has been modified multiple times within a fixed interval",
    });
  });
});

describe("errors", () => {
  it("answers AccessDeniedException for tags of an unknown table, as DynamoDB does", async () => {
    const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${uniqueName("none")}`;
    await expectAwsError(ddb().send(new ListTagsOfResourceCommand({ ResourceArn: arn })), {
      name: "AccessDeniedException",
      status: 400,
      message: `User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:ListTagsOfResource on resource: ${arn}`,
    });
  });
});

describe("behaviour", () => {
  it("tags, lists and untags a table", async () => {
    const name = await createTable(ctx);
    const arn = await arnOf(name);
    await ddb().send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "env", Value: "dev" }, { Key: "team", Value: "a" }] }));
    await ddb().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["team"] }));
    const { Tags } = await ddb().send(new ListTagsOfResourceCommand({ ResourceArn: arn }));
    expect(Tags).toEqual([{ Key: "env", Value: "dev" }]);
  });

  it("describes and updates the TTL configuration", async () => {
    const name = await createTable(ctx);
    expect((await ddb().send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: "DISABLED" });
    const res = await ddb().send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: "exp" } }));
    expect(res.TimeToLiveSpecification).toEqual({ Enabled: true, AttributeName: "exp" });
    expect((await ddb().send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "exp" });
  });

  it("changes provisioned throughput and billing mode", async () => {
    const TableName = uniqueName("t");
    await ddb().send(
      new (await import("@aws-sdk/client-dynamodb")).CreateTableCommand({
        TableName,
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      }),
    );
    await expectAwsError(ddb().send(new UpdateTableCommand({ TableName, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } })), {
      name: "ValidationException",
      message:
        "The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: 1. Requested ReadCapacityUnits: 1. Current WriteCapacityUnits provisioned for the table: 1. Requested WriteCapacityUnits: 1. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.",
    });
    await ddb().send(new UpdateTableCommand({ TableName, ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 } }));
    let { Table } = await ddb().send(new DescribeTableCommand({ TableName }));
    expect(Table?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 10, WriteCapacityUnits: 5 });
    expect(Table?.ProvisionedThroughput?.LastIncreaseDateTime).toBeInstanceOf(Date);
    await ddb().send(new UpdateTableCommand({ TableName, BillingMode: "PAY_PER_REQUEST" }));
    ({ Table } = await ddb().send(new DescribeTableCommand({ TableName })));
    expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(Table?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
  });

  it("reports the default limits and this server as the endpoint", async () => {
    expect(await ddb().send(new DescribeLimitsCommand({}))).toMatchObject({ AccountMaxReadCapacityUnits: 80000, TableMaxWriteCapacityUnits: 40000 });
    const { Endpoints } = await ddb().send(new DescribeEndpointsCommand({}));
    expect(Endpoints).toEqual([{ Address: new URL(ctx.endpoint).host, CachePeriodInMinutes: 1440 }]);
  });
});
