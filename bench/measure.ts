/** Runs one round of one workload mode against one target and measures it. */
import { Pool } from "undici";
import { cpuNs } from "./targets.js";
import type { RawRequest, Target } from "./types.js";

export interface RoundResult {
  ops: number;
  seconds: number;
  latenciesMs: number[];
  cpuNs: number;
  errors: number;
  firstError?: string;
}

async function drive(concurrency: number, ops: number, op: (i: number) => Promise<void>, pid: number): Promise<RoundResult> {
  const latencies: number[] = new Array(ops);
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const cpuBefore = cpuNs(pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= ops) return;
        const t0 = performance.now();
        try {
          await op(i);
        } catch (err) {
          errors++;
          firstError ??= String(err instanceof Error ? `${err.name}: ${err.message}` : err);
        }
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ops, seconds, latenciesMs: latencies, cpuNs: cpuNs(pid) - cpuBefore, errors, firstError };
}

export function runSdk(target: Target, op: (i: number) => Promise<void>, concurrency: number, ops: number): Promise<RoundResult> {
  return drive(concurrency, ops, op, target.pid);
}

export async function runRaw(target: Target, build: (i: number) => RawRequest, concurrency: number, ops: number): Promise<RoundResult> {
  const pool = new Pool(target.endpoint, { connections: concurrency, pipelining: 1 });
  try {
    return await drive(
      concurrency,
      ops,
      async (i) => {
        const req = build(i);
        const res = await pool.request({ method: req.method as "GET", path: req.path, headers: req.headers, body: req.body });
        for await (const _chunk of res.body) {
          // drain
        }
        if (res.statusCode >= 400) throw new Error(`HTTP ${res.statusCode}`);
      },
      target.pid,
    );
  } finally {
    await pool.close();
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
