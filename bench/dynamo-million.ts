/**
 * DynamoDB at scale: Query p50 when the table holds 10 thousand and then 1 million other items,
 * and the server's RSS with 1 million 200-byte items in a data-directory store. Runs its own
 * local-aws on a temporary data directory, once (the load takes tens of seconds); later rounds
 * repeat nothing. BENCH_MILLION=<n> changes the item count (e.g. for a quick try).
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
const TABLE = "bench-million";


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

const query = raw("Query", {
  TableName: TABLE,
  KeyConditionExpression: "pk = :p AND sk BETWEEN :a AND :b",
  FilterExpression: "active = :t",
  ExpressionAttributeValues: { ":p": { S: "partition" }, ":a": { N: "400" }, ":b": { N: "499" }, ":t": { BOOL: true } },
});

/** Writes items [from, to) of the "other" partitions (100 items each) with BatchWriteItem of 25. */
async function load(t: Target, from: number, to: number): Promise<void> {
  const batches = Math.ceil((to - from) / 25);
  const result = await runRaw(
    t,
    (b) => {
      const start = from + b * 25;
      const items = Array.from({ length: Math.min(25, to - start) }, (_, j) => item(`other-${Math.floor((start + j) / 100)}`, (start + j) % 100));
      return raw("BatchWriteItem", { RequestItems: { [TABLE]: items.map((Item) => ({ PutRequest: { Item } })) } });
    },
    16,
    batches,
  );
  if (result.errors) throw new Error(`loading failed: ${result.firstError}`);
}

/** The median of three runs' p50s: one run's p50 of a ~1 ms query swings by a third on this machine. */
async function queryP50(t: Target): Promise<number> {
  await runRaw(t, () => query, 4, 2000); // JIT and page-cache warm-up
  const p50s: number[] = [];
  for (let run = 0; run < 3; run++) {
    const r = await runRaw(t, () => query, 4, 2000);
    if (r.errors) throw new Error(`query failed: ${r.firstError}`);
    p50s.push(percentile([...r.latenciesMs].sort((a, b) => a - b), 50));
  }
  return p50s.sort((a, b) => a - b)[1]!;
}

let measured = false;

export async function millionItems(): Promise<Record<string, number | string>> {
  if (measured) return { note: "measured in round 1" };
  measured = true;
  const dir = mkdtempSync(join(tmpdir(), "local-aws-bench-"));
  const t = await startTarget("local-aws", [], dir);
  try {
    const create = await fetch(t.endpoint, {
      ...raw("CreateTable", {
        TableName: TABLE,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" }],
      }),
    });
    if (!create.ok) throw new Error(`CreateTable: ${await create.text()}`);
    const partition = await runRaw(t, (b) => raw("BatchWriteItem", { RequestItems: { [TABLE]: Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: item("partition", b * 25 + j) } })) } }), 8, 40);
    if (partition.errors) throw new Error(`loading failed: ${partition.firstError}`);
    await load(t, 0, FIRST);
    const p50Small = await queryP50(t);
    const started = performance.now();
    await load(t, FIRST, TOTAL);
    const loadSeconds = (performance.now() - started) / 1000;
    const p50Large = await queryP50(t);
    const rss = rssMb(t.pid);
    return {
      items: TOTAL + 1000,
      queryP50MsAt10k: Math.round(p50Small * 100) / 100,
      queryP50MsAt1M: Math.round(p50Large * 100) / 100,
      p50Ratio: Math.round((p50Large / p50Small) * 100) / 100,
      rssMbWithAllItems: Math.round(rss),
      loadItemsPerSecond: Math.round((TOTAL - FIRST) / loadSeconds),
    };
  } finally {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
