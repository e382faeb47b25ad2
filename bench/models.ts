/**
 * Workloads of the model-driven wire layer (issue 13): a validation-heavy awsJson call (a
 * 25-request BatchWriteItem over two tables, puts and deletes, every member checked from the
 * model) against dynalite, and a restJson call (Lambda GetFunction: URI label, query, JSON output)
 * against the no-op ceiling.
 */
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, waitUntilTableExists, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { CreateFunctionCommand, GetFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { dynamoRequest } from "./json-request.js";
import { benchCredentials, type Target, type Workload } from "./types.js";

const config = (t: Target): { endpoint: string; region: string; credentials: typeof benchCredentials; maxAttempts: number } => ({
  endpoint: t.endpoint,
  region: "us-east-1",
  credentials: benchCredentials,
  maxAttempts: 1,
});

async function ensureTable(t: Target, TableName: string): Promise<void> {
  if (t.kind === "noop") return;
  const ddb = new DynamoDBClient(config(t));
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" }],
      }),
    );
  } catch (err) {
    if ((err as Error).name !== "ResourceInUseException") throw err;
  }
  await waitUntilTableExists({ client: ddb, maxWaitTime: 60, minDelay: 1 }, { TableName });
}

/** 13 puts in one table, 12 deletes in the other: two map entries, nested lists and structures to check. */
function mixedBatch(i: number): Record<string, WriteRequest[]> {
  const k = i % 1000;
  return {
    "bench-models-a": Array.from({ length: 13 }, (_, j) => ({
      PutRequest: { Item: { pk: { S: `a-${k}` }, sk: { N: String(j) }, name: { S: "item" }, tags: { SS: ["x", "y"] }, n: { N: "1.5" } } },
    })),
    "bench-models-b": Array.from({ length: 12 }, (_, j) => ({ DeleteRequest: { Key: { pk: { S: `b-${k}` }, sk: { N: String(j) } } } })),
  };
}

const FUNCTION = `bench-getfunction-${process.pid}`;

export const workloads: Workload[] = [
  {
    name: "dynamodb BatchWriteItem of 25 over 2 tables, puts and deletes, ReturnConsumedCapacity (model-validated)",
    targets: ["local-aws", "dynalite", "noop"],
    opsPerRound: 500,
    warmUp: 500,
    async setup(t) {
      await ensureTable(t, "bench-models-a");
      await ensureTable(t, "bench-models-b");
    },
    sdk: (t) => {
      const ddb = new DynamoDBClient(config(t));
      return async (i) => {
        await ddb.send(new BatchWriteItemCommand({ RequestItems: mixedBatch(i), ReturnConsumedCapacity: "TOTAL" }));
      };
    },
    raw: () => (i) => dynamoRequest("BatchWriteItem", { RequestItems: mixedBatch(i), ReturnConsumedCapacity: "TOTAL" }),
  },
  {
    name: "lambda GetFunction (restJson1)",
    targets: ["local-aws", "noop"],
    opsPerRound: 2000,
    warmUp: 1000,
    async setup(t) {
      if (t.kind !== "local-aws") return;
      await new LambdaClient(config(t)).send(
        new CreateFunctionCommand({
          FunctionName: FUNCTION,
          Runtime: "nodejs20.x",
          Role: "arn:aws:iam::000000000000:role/bench",
          Handler: "index.handler",
          Code: { ZipFile: zipSync({ "index.js": strToU8("exports.handler = async () => 1;") }) },
        }),
      );
    },
    sdk: (t) => {
      const lambda = new LambdaClient(config(t));
      return async () => {
        const out = await lambda.send(new GetFunctionCommand({ FunctionName: FUNCTION }));
        if (t.kind === "local-aws" && !out.Configuration?.FunctionArn) throw new Error("GetFunction: no configuration");
      };
    },
    raw: () => () => ({ method: "GET", path: `/2015-03-31/functions/${FUNCTION}`, headers: { "x-amz-date": "20261126T000000Z" } }),
  },
];
