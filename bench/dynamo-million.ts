/**
 * DynamoDB at scale: Query p50 on a table holding 10 thousand other items and on one holding 1
 * million, and the server's RSS with those 1 million 200-byte items in a data-directory store.
 * Both tables live in one local-aws (on a temporary data directory) and are queried in alternate
 * runs, so that a change in the machine's speed during the run moves both figures alike. Runs
 * once (the load takes tens of seconds); later rounds repeat nothing. BENCH_MILLION=<n> changes
 * the item count (e.g. for a quick try).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dynamoRequest as raw } from "./json-request.js";
import { runRaw, percentile } from "./measure.js";
import { rssMb, startTarget } from "./targets.js";
import type { Target } from "./types.js";

const TOTAL = Number(process.env.BENCH_MILLION ?? 1_000_000);
const FIRST = 10_000;
const SMALL = "bench-10k";
const LARGE = "bench-million";


/** About 200 bytes, like the other DynamoDB workloads' items. */
const item = (pk: string, sk: number) => ({
  pk: { S: pk },
  sk: { N: String(sk) },
  name: { S: "A reasonably typical item name" },
  email: { S: "someone@example.com" },
  count: { N: "42" },
  price: { N: "19.99" },
  active: { BOOL: sk % 3 !== 0 },
  tags: { SS: ["red", "green", "blue"] },
  address: { M: { street: { S: "1 Main Street" }, city: { S: "Springfield" } } },
});

const query = (table: string) =>
  raw("Query", {
    TableName: table,
    KeyConditionExpression: "pk = :p AND sk BETWEEN :a AND :b",
    FilterExpression: "active = :t",
    ExpressionAttributeValues: { ":p": { S: "partition" }, ":a": { N: "400" }, ":b": { N: "499" }, ":t": { BOOL: true } },
  });

/** Writes items [from, to) of the "other" partitions (100 items each) with BatchWriteItem of 25. */
async function load(t: Target, table: string, from: number, to: number): Promise<void> {
  const batches = Math.ceil((to - from) / 25);
  const result = await runRaw(
    t,
    (b) => {
      const start = from + b * 25;
      const items = Array.from({ length: Math.min(25, to - start) }, (_, j) => item(`other-${Math.floor((start + j) / 100)}`, (start + j) % 100));
      return raw("BatchWriteItem", { RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) } });
    },
    16,
    batches,
  );
  if (result.errors) throw new Error(`loading failed: ${result.firstError}`);
}

/** The p50 of one run of 2,000 queries, 4 in flight. */
async function queryP50(t: Target, table: string): Promise<number> {
  const request = query(table);
  const r = await runRaw(t, () => request, 4, 2000);
  if (r.errors) throw new Error(`query failed: ${r.firstError}`);
  return percentile([...r.latenciesMs].sort((a, b) => a - b), 50);
}

/** The table and the 1,000-item partition that is queried. */
async function createTable(t: Target, table: string): Promise<void> {
  const create = await fetch(t.endpoint, {
    ...raw("CreateTable", {
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" }],
    }),
  });
  if (!create.ok) throw new Error(`CreateTable: ${await create.text()}`);
  const partition = await runRaw(t, (b) => raw("BatchWriteItem", { RequestItems: { [table]: Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: item("partition", b * 25 + j) } })) } }), 8, 40);
  if (partition.errors) throw new Error(`loading failed: ${partition.firstError}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

let measured = false;

export async function millionItems(): Promise<Record<string, number | string>> {
  if (measured) return { note: "measured in round 1" };
  measured = true;
  const dir = mkdtempSync(join(tmpdir(), "local-aws-bench-"));
  const t = await startTarget("local-aws", [], dir);
  try {
    await createTable(t, SMALL);
    await createTable(t, LARGE);
    await load(t, SMALL, 0, FIRST);
    const started = performance.now();
    await load(t, LARGE, 0, TOTAL);
    const loadSeconds = (performance.now() - started) / 1000;
    // Warm-up (JIT, page cache), then runs on the two tables in turn: the median p50 of each.
    await queryP50(t, SMALL);
    await queryP50(t, LARGE);
    const small: number[] = [];
    const large: number[] = [];
    for (let run = 0; run < 6; run++) {
      // Each table goes first in every other run (the first of a pair ran measurably slower).
      if (run % 2 === 0) small.push(await queryP50(t, SMALL));
      large.push(await queryP50(t, LARGE));
      if (run % 2 === 1) small.push(await queryP50(t, SMALL));
    }
    const rss = rssMb(t.pid);
    if (process.env.BENCH_VERBOSE) console.log(`  p50 ms, 10 thousand: ${small.map((x) => x.toFixed(2)).join(" ")}; 1 million: ${large.map((x) => x.toFixed(2)).join(" ")}`);
    const p50Small = median(small);
    const p50Large = median(large);
    return {
      items: TOTAL + 1000,
      queryP50MsAt10k: Math.round(p50Small * 100) / 100,
      queryP50MsAt1M: Math.round(p50Large * 100) / 100,
      p50Ratio: Math.round((p50Large / p50Small) * 100) / 100,
      rssMbWithAllItems: Math.round(rss),
      loadItemsPerSecond: Math.round(TOTAL / loadSeconds),
    };
  } finally {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
