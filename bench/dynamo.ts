/**
 * DynamoDB workloads: PutItem, GetItem, Query (100 of a 1,000-item partition, with a filter) and
 * BatchWriteItem of 25, against local-aws, dynalite and the no-op ceiling.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  waitUntilTableExists,
  type AttributeValue,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { Pool } from "undici";
import { millionItems } from "./dynamo-million.js";
import { dynamoRequest as raw } from "./json-request.js";
import { cpuNs } from "./targets.js";
import { benchCredentials, type Target, type Workload } from "./types.js";

const TARGETS: Workload["targets"] = ["local-aws", "dynalite", "noop"];

function client(target: Target): DynamoDBClient {
  return new DynamoDBClient({ endpoint: target.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 });
}


async function ensureTable(target: Target, TableName: string, withSort: boolean, stream = false): Promise<void> {
  if (target.kind === "noop") return;
  const ddb = client(target);
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, ...(withSort ? [{ AttributeName: "sk", KeyType: "RANGE" as const }] : [])],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, ...(withSort ? [{ AttributeName: "sk", AttributeType: "N" as const }] : [])],
        ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" as const } } : {}),
      }),
    );
  } catch (err) {
    if ((err as Error).name !== "ResourceInUseException") throw err;
  }
  await waitUntilTableExists({ client: ddb, maxWaitTime: 60, minDelay: 1 }, { TableName });
}

/** A typical small item: about 200 bytes. */
function item(pk: string, extra: Record<string, AttributeValue> = {}): Record<string, AttributeValue> {
  return {
    pk: { S: pk },
    name: { S: "A reasonably typical item name" },
    email: { S: "someone@example.com" },
    count: { N: "42" },
    price: { N: "19.99" },
    active: { BOOL: true },
    tags: { SS: ["red", "green", "blue"] },
    address: { M: { street: { S: "1 Main Street" }, city: { S: "Springfield" }, zip: { S: "12345" } } },
    ...extra,
  };
}

async function batchPut(target: Target, TableName: string, items: Record<string, AttributeValue>[]): Promise<void> {
  const ddb = client(target);
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, WriteRequest[]> | undefined = { [TableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) };
    while (pending && Object.keys(pending).length) pending = (await ddb.send(new BatchWriteItemCommand({ RequestItems: pending }))).UnprocessedItems;
  }
}

const queryInput = {
  TableName: "bench-query",
  KeyConditionExpression: "pk = :p AND sk BETWEEN :a AND :b",
  FilterExpression: "active = :t",
  ExpressionAttributeValues: { ":p": { S: "partition" }, ":a": { N: "400" }, ":b": { N: "499" }, ":t": { BOOL: true } },
};

/** Every stream-row write changes its item (rounds reuse the same `i`s). */
let streamWrites = 0;

/** Puts per slice of the paired stream/plain comparison; a round is PAIR_SLICES slices per table. */
const PAIR_OPS = Number(process.env.BENCH_PAIR_OPS ?? 4000);
const PAIR_SLICES = 8;
let pairWarmed = false;
const pairHistory: number[] = [];

/**
 * The stream goal measured as a pair: one server, a plain table and a NEW_AND_OLD_IMAGES one, the
 * same items (each put changes its item), slices alternated (each table going first in every other
 * slice) so that a change in the machine's load moves both alike; server CPU from schedstat.
 */
async function streamPlainPair(target: Target): Promise<Record<string, number>> {
  await ensureTable(target, "bench-pair-plain", false);
  await ensureTable(target, "bench-pair-stream", false, true);
  const pool = new Pool(target.endpoint, { connections: 32, pipelining: 1 });
  let n = 0;
  const slice = async (table: string): Promise<number> => {
    let next = 0;
    const cpu = cpuNs(target.pid);
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = next++; i < PAIR_OPS; i = next++) {
          const r = raw("PutItem", { TableName: table, Item: item(`k${i % 10_000}`, { n: { N: String(++n) } }) });
          const res = await pool.request({ method: "POST", path: r.path, headers: r.headers, body: r.body });
          await res.body.text();
          if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
        }
      }),
    );
    return (cpuNs(target.pid) - cpu) / PAIR_OPS / 1000;
  };
  try {
    if (!pairWarmed) {
      // A fresh process's first thousands of puts carry its JIT warm-up: both tables get the same.
      for (let i = 0; i < 4; i++) {
        await slice("bench-pair-plain");
        await slice("bench-pair-stream");
      }
      pairWarmed = true;
    }
    let plain = 0;
    let stream = 0;
    for (let i = 0; i < PAIR_SLICES; i++) {
      if (i % 2 === 0) plain += await slice("bench-pair-plain");
      stream += await slice("bench-pair-stream");
      if (i % 2 === 1) plain += await slice("bench-pair-plain");
    }
    pairHistory.push(stream / plain);
    const sorted = [...pairHistory].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return {
      "plain CPU µs/op": Number((plain / PAIR_SLICES).toFixed(1)),
      "stream CPU µs/op": Number((stream / PAIR_SLICES).toFixed(1)),
      "stream/plain (goal ≤ 1.3)": Number((stream / plain).toFixed(3)),
      "median so far": Number(median.toFixed(3)),
    };
  } finally {
    await pool.close();
  }
}

const batchItems = (i: number): Record<string, WriteRequest[]> => ({
  "bench-batch": Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: item(`b-${i % 1000}-${j}`) } })),
});

export const workloads: Workload[] = [
  {
    name: "dynamodb PutItem",
    targets: TARGETS,
    setup: (t) => ensureTable(t, "bench-put", false),
    sdk: (t) => {
      const ddb = client(t);
      return async (i) => {
        await ddb.send(new PutItemCommand({ TableName: "bench-put", Item: item(`k${i % 10_000}`) }));
      };
    },
    raw: () => (i) => raw("PutItem", { TableName: "bench-put", Item: item(`k${i % 10_000}`) }),
    warmUp: 4000,
  },
  {
    // The durable event log's cost on the hot path: each write also appends its stream record (old
    // and new image) to the log, atomically with the item (one SQL statement: streams/stream-put.ts),
    // with the server's always-live consumer of stream records attached (global-table replication,
    // which passes the records of tables without replicas). Goal: at most 1.3x plain PutItem's CPU.
    // Every write changes the item (`n`): DynamoDB writes no stream record for a put that changes nothing.
    name: "dynamodb PutItem, stream enabled (NEW_AND_OLD_IMAGES)",
    targets: ["local-aws", "noop"],
    setup: (t) => ensureTable(t, "bench-put-stream", false, true),
    sdk: (t) => {
      const ddb = client(t);
      return async (i) => {
        await ddb.send(new PutItemCommand({ TableName: "bench-put-stream", Item: item(`k${i % 10_000}`, { n: { N: String(++streamWrites) } }) }));
      };
    },
    raw: () => (i) => raw("PutItem", { TableName: "bench-put-stream", Item: item(`k${i % 10_000}`, { n: { N: String(++streamWrites) } }) }),
    warmUp: 4000,
  },
  {
    name: "dynamodb PutItem, stream/plain paired on one server (raw client)",
    targets: ["local-aws"],
    custom: streamPlainPair,
  },
  {
    name: "dynamodb GetItem",
    targets: TARGETS,
    setup: async (t) => {
      await ensureTable(t, "bench-get", false);
      if (t.kind !== "noop") await batchPut(t, "bench-get", Array.from({ length: 100 }, (_, i) => item(`k${i}`)));
    },
    sdk: (t) => {
      const ddb = client(t);
      return async (i) => {
        await ddb.send(new GetItemCommand({ TableName: "bench-get", Key: { pk: { S: `k${i % 100}` } } }));
      };
    },
    raw: () => (i) => raw("GetItem", { TableName: "bench-get", Key: { pk: { S: `k${i % 100}` } } }),
    warmUp: 4000,
  },
  {
    name: "dynamodb Query 100 of a 1,000-item partition, with a filter",
    targets: TARGETS,
    opsPerRound: 500,
    setup: async (t) => {
      await ensureTable(t, "bench-query", true);
      if (t.kind !== "noop") {
        await batchPut(t, "bench-query", Array.from({ length: 1000 }, (_, i) => item("partition", { sk: { N: String(i) }, active: { BOOL: i % 3 !== 0 } })));
      }
    },
    sdk: (t) => {
      const ddb = client(t);
      return async () => {
        await ddb.send(new QueryCommand(queryInput));
      };
    },
    raw: () => () => raw("Query", queryInput),
    warmUp: 1000,
  },
  {
    name: "dynamodb BatchWriteItem of 25",
    targets: TARGETS,
    opsPerRound: 500,
    setup: (t) => ensureTable(t, "bench-batch", false),
    sdk: (t) => {
      const ddb = client(t);
      return async (i) => {
        await ddb.send(new BatchWriteItemCommand({ RequestItems: batchItems(i) }));
      };
    },
    raw: () => (i) => raw("BatchWriteItem", { RequestItems: batchItems(i) }),
    warmUp: 500,
  },
  {
    name: "dynamodb Query p50 at 10 thousand vs 1 million other items; RSS with 1 million 200-byte items (data directory)",
    targets: ["local-aws"],
    custom: () => millionItems(),
  },
];
