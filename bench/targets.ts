/** Starts benchmark targets as child processes and reads their CPU time and memory from /proc. */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { Target, TargetKind } from "./types.js";

const COMMANDS: Record<TargetKind, string[]> = {
  "local-aws": ["bin/local-aws.js", "start", "--port", "0", "--in-memory", "--log-level", "warn"],
  noop: ["bench/servers/noop.mjs"],
  dynalite: ["bench/servers/dynalite.mjs"],
  s3rver: ["bench/servers/s3rver.mjs"],
  kinesalite: ["bench/servers/kinesalite.mjs"],
};

export interface RunningTarget extends Target {
  process: ChildProcess;
  /** Milliseconds from spawn to the first served request. */
  startupMs: number;
  stop(): Promise<void>;
}

/** `dataDir` runs local-aws on a data directory instead of in memory. */
export async function startTarget(kind: TargetKind, extraArgs: string[] = [], dataDir?: string): Promise<RunningTarget> {
  const started = performance.now();
  const command = dataDir ? COMMANDS[kind].map((a) => (a === "--in-memory" ? `--data-dir=${dataDir}` : a)) : COMMANDS[kind];
  // BENCH_CPU_PROF=<dir>: local-aws writes a V8 CPU profile there when it stops (for finding hot spots).
  const profile = kind === "local-aws" && process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, ...command, ...extraArgs], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /endpoint:\s+(http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`${kind} exited with ${code} before serving:\n${out}`)));
  });
  // First served request: the noop and peers answer anything; local-aws answers its health route.
  for (;;) {
    try {
      const res = await fetch(kind === "local-aws" ? `${endpoint}/_local/health` : endpoint);
      await res.arrayBuffer();
      break;
    } catch {
      await new Promise((r) => setImmediate(r));
    }
  }
  const startupMs = performance.now() - started;
  return {
    kind,
    endpoint,
    pid: child.pid!,
    process: child,
    startupMs,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** CPU time of every thread of the process, in nanoseconds (from /proc/<pid>/task/<tid>/schedstat). */
export function cpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended between readdir and read
    }
  }
  return total;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
