/**
 * `npm run fuzz`: the long fuzz run (100,000 malformed requests across every service and protocol
 * by default) against an in-memory local-aws on a loopback port. Any 5xx, hang, dropped connection
 * or crash fails the run; each is written (with the server's error log) to
 * $TMPDIR/local-aws-fuzz-failures.jsonl (or FUZZ_FAILURES) with the request that caused it.
 *
 *   FUZZ_COUNT=100000 FUZZ_SEED=1 FUZZ_CONCURRENCY=4 npm run fuzz
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { startLocalAws } from "../src/index.js";
import { describeFailure, fuzzApis, runFuzz } from "../test/fuzz/harness.js";

const count = Number(process.env.FUZZ_COUNT ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? 1);
const concurrency = Number(process.env.FUZZ_CONCURRENCY ?? 4);
const out = process.env.FUZZ_FAILURES ?? join(tmpdir(), "local-aws-fuzz-failures.jsonl");

let crashed: unknown;
process.on("uncaughtException", (err) => {
  crashed = err;
  process.stderr.write(`uncaught exception in the server process: ${String((err as Error).stack ?? err)}\n`);
});
// The server's error log lines (a 500's stack) go to the failures file too; warnings of a handler
// that failed on malformed input (answered from AWS's model by the dispatcher) are counted by operation.
const fallbacks = new Map<string, number>();
const errorLog = new Writable({
  write(chunk: Buffer, _enc, cb) {
    const line = chunk.toString("utf8");
    if (line.includes('"level":40')) {
      const where = /"where":"([^"]+)"/.exec(line)?.[1] ?? "?";
      fallbacks.set(where, (fallbacks.get(where) ?? 0) + 1);
    } else appendFileSync(out, chunk);
    cb();
  },
});
writeFileSync(out, "");
const aws = await startLocalAws({ port: 0, inMemory: true, virtualClock: true, logLevel: "warn", logDestination: errorLog });
const apis = await fuzzApis(aws.server);
const started = Date.now();
process.stdout.write(`fuzz: ${count} requests, seed ${seed}, concurrency ${concurrency}, ${apis.length} APIs (${apis.reduce((n, a) => n + a.operations.length, 0)} operations) at ${aws.endpoint}\n`);
const report = await runFuzz({
  endpoint: aws.endpoint,
  apis,
  count,
  seed,
  concurrency,
  onFailure: (f) => {
    appendFileSync(out, `${JSON.stringify(f)}\n`);
    process.stdout.write(`FAIL ${describeFailure(f)}\n`);
  },
  onProgress: (n) => {
    if (n % Number(process.env.FUZZ_PROGRESS ?? 10_000) === 0) process.stdout.write(`  ${n} sent, ${Math.round((Date.now() - started) / 1000)} s\n`);
  },
});
const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
await aws.stop();
const statuses = Object.entries(report.byStatus).map(([s, n]) => `${s}: ${n}`).join(", ");
process.stdout.write(
  [
    `fuzz: ${report.sent} requests in ${(report.ms / 1000).toFixed(1)} s (${Math.round(report.sent / (report.ms / 1000))}/s), ${report.operations} operations of ${report.apis.length} APIs`,
    `  statuses: ${statuses}`,
    `  failures: ${report.failures.length} (5xx ${report.failures.filter((f) => f.kind === "5xx").length}, hangs ${report.failures.filter((f) => f.kind === "hang").length}, connections ${report.failures.filter((f) => f.kind === "connection").length}), server alive after: ${report.alive}, crashed: ${crashed !== undefined}, RSS ${rss} MB`,
    `  answered by the dispatcher from AWS's model after a handler failed on them: ${[...fallbacks.values()].reduce((a, b) => a + b, 0)} (${[...fallbacks].sort((a, b) => b[1] - a[1]).map(([w, n]) => `${w} ${n}`).join(", ") || "none"})`,
    report.failures.length > 0 ? `  requests that failed: ${out}` : "",
    "",
  ].join("\n"),
);
process.exit(report.failures.length > 0 || !report.alive || crashed !== undefined ? 1 : 0);
