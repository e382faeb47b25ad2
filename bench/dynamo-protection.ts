/**
 * DynamoDB data protection at scale, on one data-directory local-aws with a virtual clock:
 * with BENCH_MILLION (default 1 million) 200-byte items — CreateBackup to AVAILABLE,
 * RestoreTableFromBackup and RestoreTableToPointInTime to ACTIVE, ExportTableToPointInTime to
 * COMPLETED (all four work in the background: the bench polls), each with the server's CPU seconds
 * beside the wall time; ImportTable of that export in items/s (and per server CPU second); the
 * slowest of the PutItems sent one after another while the backup is copied; and the server CPU
 * per request of a PutItem with PITR on over one without, and of a PartiQL single-item SELECT over
 * a GetItem (medians of alternated runs). Runs once (the load takes tens of seconds).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dynamoRequest as raw } from "./json-request.js";
import { runRaw } from "./measure.js";
import { cpuNs, startTarget } from "./targets.js";
import type { Target, Workload } from "./types.js";

const TOTAL = Number(process.env.BENCH_MILLION ?? 1_000_000);

const item = (pk: string) => ({
  pk: { S: pk },
  name: { S: "A reasonably typical item name" },
  email: { S: "someone@example.com" },
  count: { N: "42" },
  price: { N: "19.99" },
  active: { BOOL: true },
  tags: { SS: ["red", "green", "blue"] },
  address: { M: { street: { S: "1 Main Street" }, city: { S: "Springfield" } } },
});

async function call(t: Target, op: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(t.endpoint, raw(op, body));
  const text = await res.text();
  if (!res.ok) throw new Error(`${op}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Polls `describe` every 20 ms until `done` says so (backups, restores, exports and imports finish in the background). */
async function until(describe: () => Promise<Record<string, unknown>>, done: (d: Record<string, unknown>) => boolean): Promise<void> {
  for (;;) {
    const d = await describe();
    if (done(d)) return;
    if (JSON.stringify(d).includes('"FAILED"')) throw new Error(`failed: ${JSON.stringify(d)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A GetItem answers once the table is ACTIVE (DescribeTable would count its items at every poll). */
async function tableActive(t: Target, TableName: string): Promise<void> {
  for (;;) {
    const res = await fetch(t.endpoint, raw("GetItem", { TableName, Key: { pk: { S: "item-0" } } }));
    const text = await res.text();
    if (res.ok) return;
    if (!text.includes("ResourceNotFoundException")) throw new Error(`GetItem: ${text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Nanoseconds the server's threads spent ready to run but waiting for a CPU (schedstat's second field). */
function runQueueWaitNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[1]);
    } catch {
      // the thread ended between readdir and read
    }
  }
  return total;
}

/**
 * Wall seconds, and over the same span the server's CPU seconds (polls included: a few ms) and
 * the seconds it waited for a CPU: on a loaded machine, wall minus that wait is about what a quiet
 * one would take.
 */
async function timedWithCpu(t: Target, f: () => Promise<unknown>): Promise<[number, number, number]> {
  const cpu = cpuNs(t.pid);
  const waited = runQueueWaitNs(t.pid);
  const seconds = await timed(f);
  return [seconds, Math.round((cpuNs(t.pid) - cpu) / 1e6) / 1000, Math.round((runQueueWaitNs(t.pid) - waited) / 1e6) / 1000];
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await f();
  return Math.round(performance.now() - started) / 1000;
}

async function createTable(t: Target, TableName: string, pitr: boolean): Promise<void> {
  await call(t, "CreateTable", { TableName, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] });
  if (pitr) await call(t, "UpdateContinuousBackups", { TableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } });
}

async function cpuPerOp(t: Target, build: (i: number) => ReturnType<typeof raw>, ops = 4000): Promise<number> {
  const r = await runRaw(t, build, 16, ops);
  if (r.errors) throw new Error(`failed: ${r.firstError}`);
  return r.cpuNs / r.ops;
}

/**
 * CPU per op of `a` over `b`, in five alternated runs of 2,000 each (a change of the machine's
 * load moves both alike): the median of the five ratios.
 */
async function alternatedRatio(t: Target, a: (i: number) => ReturnType<typeof raw>, b: (i: number) => ReturnType<typeof raw>): Promise<number> {
  const ratios: number[] = [];
  for (let run = 0; run < 5; run++) {
    const first = run % 2 === 0;
    const x = first ? await cpuPerOp(t, a, 2000) : 0;
    const y = await cpuPerOp(t, b, 2000);
    const z = first ? x : await cpuPerOp(t, a, 2000);
    ratios.push(z / y);
  }
  ratios.sort((p, q) => p - q);
  return Math.round(ratios[2]! * 100) / 100;
}

let measured = false;

async function dataProtection(): Promise<Record<string, number | string>> {
  if (measured) return { note: "measured in round 1" };
  measured = true;
  const dir = mkdtempSync(join(tmpdir(), "local-aws-bench-"));
  const t = await startTarget("local-aws", ["--virtual-clock"], dir);
  try {
    await createTable(t, "protected", true);
    const load = await runRaw(t, (b) => raw("BatchWriteItem", { RequestItems: { protected: Array.from({ length: 25 }, (_, j) => ({ PutRequest: { Item: item(`item-${b * 25 + j}`) } })) } }), 16, Math.ceil(TOTAL / 25));
    if (load.errors) throw new Error(`loading failed: ${load.firstError}`);
    const out: Record<string, number | string> = { items: TOTAL };
    let backupArn = "";
    // Writes to the table go on while its backup is copied: their slowest round trip shows whether they waited for it.
    let backingUp = true;
    const writeMs: number[] = [];
    const writer = (async () => {
      for (let i = 0; backingUp; i++) {
        const started = performance.now();
        await call(t, "PutItem", { TableName: "protected", Item: item(`during-backup-${i}`) });
        writeMs.push(performance.now() - started);
      }
    })();
    [out.createBackupSeconds, out.createBackupServerCpuSeconds, out.createBackupWaitingForCpuSeconds] = await timedWithCpu(t, async () => {
      backupArn = ((await call(t, "CreateBackup", { TableName: "protected", BackupName: "bench" })).BackupDetails as { BackupArn: string }).BackupArn;
      await until(
        () => call(t, "DescribeBackup", { BackupArn: backupArn }),
        (d) => (d.BackupDescription as { BackupDetails: { BackupStatus: string } }).BackupDetails.BackupStatus === "AVAILABLE",
      );
    });
    backingUp = false;
    await writer;
    out.writesDuringBackup = writeMs.length;
    out.slowestWriteMsDuringBackup = Math.round(Math.max(...writeMs));
    [out.restoreFromBackupSeconds, out.restoreFromBackupServerCpuSeconds, out.restoreFromBackupWaitingForCpuSeconds] = await timedWithCpu(t, async () => {
      await call(t, "RestoreTableFromBackup", { BackupArn: backupArn, TargetTableName: "from-backup" });
      await tableActive(t, "from-backup");
    });
    await fetch(`${t.endpoint}/_local/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceMs: 6 * 60_000 }) });
    [out.restoreToPointInTimeSeconds, out.restoreToPointInTimeServerCpuSeconds, out.restoreToPointInTimeWaitingForCpuSeconds] = await timedWithCpu(t, async () => {
      await call(t, "RestoreTableToPointInTime", { SourceTableName: "protected", TargetTableName: "from-pitr", UseLatestRestorableTime: true });
      await tableActive(t, "from-pitr");
    });
    await fetch(`${t.endpoint}/exports`, { method: "PUT" });
    let exportArn = "";
    [out.exportSeconds, out.exportServerCpuSeconds, out.exportWaitingForCpuSeconds] = await timedWithCpu(t, async () => {
      exportArn = ((await call(t, "ExportTableToPointInTime", { TableArn: "arn:aws:dynamodb:us-east-1:000000000000:table/protected", S3Bucket: "exports" })).ExportDescription as { ExportArn: string }).ExportArn;
      await until(
        () => call(t, "DescribeExport", { ExportArn: exportArn }),
        (d) => (d.ExportDescription as { ExportStatus: string }).ExportStatus === "COMPLETED",
      );
    });
    const id = exportArn.split("/").pop();
    const importCpuBefore = cpuNs(t.pid);
    const importSeconds = await timed(async () => {
      const started = await call(t, "ImportTable", {
        S3BucketSource: { S3Bucket: "exports", S3KeyPrefix: `AWSDynamoDB/${id}/data/` },
        InputFormat: "DYNAMODB_JSON",
        InputCompressionType: "GZIP",
        TableCreationParameters: { TableName: "imported", BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] },
      });
      const ImportArn = (started.ImportTableDescription as { ImportArn: string }).ImportArn;
      await until(
        () => call(t, "DescribeImport", { ImportArn }),
        (d) => (d.ImportTableDescription as { ImportStatus: string }).ImportStatus === "COMPLETED",
      );
    });
    out.importItemsPerSecond = Math.round(TOTAL / importSeconds);
    // The server's CPU during the import (polls included): what a quiet machine's wall time would approach.
    out.importItemsPerServerCpuSecond = Math.round(TOTAL / ((cpuNs(t.pid) - importCpuBefore) / 1e9));

    await createTable(t, "plain", false);
    await createTable(t, "with-pitr", true);
    const put = (table: string) => (i: number) => raw("PutItem", { TableName: table, Item: item(`w-${i}`) });
    await cpuPerOp(t, put("plain"), 2000);
    out.putItemCpuWithPitrOverWithout = await alternatedRatio(t, put("with-pitr"), put("plain"));
    const get = (i: number) => raw("GetItem", { TableName: "plain", Key: { pk: { S: `w-${i % 4000}` } } });
    const select = (i: number) => raw("ExecuteStatement", { Statement: `SELECT * FROM "plain" WHERE pk = ?`, Parameters: [{ S: `w-${i % 4000}` }] });
    await cpuPerOp(t, select, 2000);
    out.partiqlSelectCpuOverGetItem = await alternatedRatio(t, select, get);
    return out;
  } finally {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const workloads: Workload[] = [
  {
    name: "dynamodb backups, PITR, export/import with 1 million 200-byte items; PITR write and PartiQL SELECT CPU ratios",
    targets: ["local-aws"],
    custom: () => dataProtection(),
  },
];
