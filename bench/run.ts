/**
 * npm run bench [-- <module> ...]   (modules: the MODULES list below; all of them by default)
 *
 * Starts local-aws, the peers and a bare fastify no-op server as child processes, runs every
 * workload round by round alternating targets, and prints ops/s, p50/p99 latency and the server's
 * CPU time per operation (all threads, from /proc/<pid>/task/<tid>/schedstat), through the SDK and
 * through a raw undici client. Absolute numbers on a shared machine are noise; read the ratios.
 * BENCH_WORKLOAD=<text> runs only the workloads whose name contains that text (e.g. "PutItem").
 */
import { existsSync } from "node:fs";
import { runCore } from "./core.js";
import { percentile, runRaw, runSdk, type RoundResult } from "./measure.js";
import { startTarget, type RunningTarget } from "./targets.js";
import type { TargetKind, Workload } from "./types.js";

const MODULES = ["core", "dynamo", "dynamo-protection", "s3", "queue", "runtime", "logs", "models", "stepfunctions", "cognito", "apigw", "kinesis", "iam", "edge"];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ONLY = process.env.BENCH_WORKLOAD;

interface Row {
  target: TargetKind;
  mode: "sdk" | "raw";
  rounds: RoundResult[];
}

function summarize(row: Row): { opsPerSec: number; p50: number; p99: number; cpuUs: number; errors: number; firstError?: string } {
  const all = row.rounds.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const rates = row.rounds.map((r) => r.ops / r.seconds).sort((a, b) => a - b);
  const ops = row.rounds.reduce((n, r) => n + r.ops, 0);
  const cpu = row.rounds.reduce((n, r) => n + r.cpuNs, 0);
  return {
    opsPerSec: rates[Math.floor(rates.length / 2)]!,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    cpuUs: cpu / ops / 1000,
    errors: row.rounds.reduce((n, r) => n + r.errors, 0),
    firstError: row.rounds.find((r) => r.firstError)?.firstError,
  };
}

/**
 * local-aws's CPU per op over the other target's, round by round: the two ran back to back in each
 * round, so a change in the machine's load between rounds moves both sides of each ratio alike.
 */
function pairedRatios(local: Row, other: Row): number[] {
  const n = Math.min(local.rounds.length, other.rounds.length);
  const perOp = (r: RoundResult): number => r.cpuNs / r.ops;
  return Array.from({ length: n }, (_, i) => perOp(local.rounds[i]!) / perOp(other.rounds[i]!));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "-";
}

async function warmUp(w: Workload, t: RunningTarget, concurrency: number, offset: number): Promise<void> {
  const n = w.warmUp!;
  const sdk = w.sdk?.(t);
  if (sdk) await runSdk(t, (i) => sdk(i + offset), concurrency, n);
  const raw = w.raw?.(t);
  if (raw) await runRaw(t, (i) => raw(i + offset), concurrency, n);
}

async function runWorkload(w: Workload, targets: Map<TargetKind, RunningTarget>): Promise<void> {
  const concurrency = w.concurrency ?? 32;
  const ops = w.opsPerRound ?? 2000;
  const active = w.targets.map((k) => targets.get(k)!).filter(Boolean);
  for (const t of active) {
    await w.setup?.(t);
    if (w.warmUp) await warmUp(w, t, concurrency, ops);
  }
  console.log(`\n## ${w.name}  (${concurrency} in flight, ${ops} ops x ${ROUNDS} rounds)`);
  if (w.custom) {
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of active) console.log(`  round ${round + 1} ${t.kind}: ${JSON.stringify(await w.custom(t))}`);
    }
  }
  const rows: Row[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? active : [...active].reverse();
    for (const t of order) {
      for (const mode of (process.env.BENCH_MODES ?? "sdk,raw").split(",") as ("sdk" | "raw")[]) {
        const builder = mode === "sdk" ? w.sdk?.(t) : w.raw?.(t);
        if (!builder) continue;
        const result = mode === "sdk" ? await runSdk(t, builder as (i: number) => Promise<void>, concurrency, ops) : await runRaw(t, builder as never, concurrency, ops);
        let row = rows.find((r) => r.target === t.kind && r.mode === mode);
        if (!row) rows.push((row = { target: t.kind, mode, rounds: [] }));
        row.rounds.push(result);
      }
    }
  }
  if (rows.length === 0) return;
  const local = (mode: string) => rows.find((r) => r.target === "local-aws" && r.mode === mode);
  console.log("  target     mode  ops/s     p50 ms  p99 ms  server CPU µs/op  CPU vs local-aws  errors");
  for (const row of rows) {
    const s = summarize(row);
    const base = local(row.mode);
    const ratio = base ? summarize(base).cpuUs / s.cpuUs : NaN;
    const paired = base && row !== base ? pairedRatios(base, row) : [];
    console.log(
      `  ${row.target.padEnd(10)} ${row.mode.padEnd(5)} ${fmt(s.opsPerSec, 0).padStart(7)}  ${fmt(s.p50, 2).padStart(6)}  ${fmt(s.p99, 2).padStart(6)}  ${fmt(s.cpuUs).padStart(16)}  ${row.target === "local-aws" ? "" : `local/this = ${fmt(ratio, 2)}`.padStart(16)}  ${s.errors}${s.firstError ? ` (${s.firstError})` : ""}${paired.length > 1 ? `  per round ${paired.map((r) => fmt(r, 2)).join(" ")}, median ${fmt(median(paired), 2)}` : ""}`,
    );
  }
  for (const mode of ["raw", "sdk"]) {
    const l = local(mode);
    const n = rows.find((r) => r.target === "noop" && r.mode === mode);
    if (l && n) {
      const ls = summarize(l);
      const ns = summarize(n);
      console.log(`  ${mode}: local-aws throughput = ${fmt((ls.opsPerSec / ns.opsPerSec) * 100, 0)}% of the no-op ceiling; CPU/op = ${fmt(ls.cpuUs / ns.cpuUs, 2)}x the no-op route's`);
    }
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const modules = wanted.length > 0 ? wanted : MODULES;
  console.log(`# local-aws bench — ${new Date().toISOString()} — ${ROUNDS} rounds`);
  for (const name of modules) {
    if (name === "core") {
      await runCore(ROUNDS);
      continue;
    }
    if (!existsSync(new URL(`./${name}.ts`, import.meta.url))) {
      console.log(`\n(no bench/${name}.ts yet)`);
      continue;
    }
    const all = ((await import(`./${name}.js`)) as { workloads: Workload[] }).workloads;
    const workloads = ONLY ? all.filter((w) => w.name.includes(ONLY)) : all;
    if (workloads.length === 0) continue;
    const kinds = [...new Set(workloads.flatMap((w) => w.targets))];
    const targets = new Map<TargetKind, RunningTarget>();
    try {
      for (const k of kinds) targets.set(k, await startTarget(k));
      for (const w of workloads) await runWorkload(w, targets);
    } finally {
      for (const t of targets.values()) await t.stop();
    }
  }
}

await main();
