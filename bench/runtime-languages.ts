/**
 * One Lambda function per runtime — Node.js, Python, provided.al2023 (a Rust binary built here
 * with rustc), Java (a handler built here with javac), Ruby — each measured the same way:
 * - cold start: the first invoke of a new function (median of 3), beside the machine's own
 *   start-up of that runtime's process (`node -e 0`, `python3 -c pass`, `/bin/true`,
 *   `java -version` with the JVM options local-aws uses, `ruby -e 0`), and the difference;
 * - warm: 1,200 sequential invokes of one warm environment per runtime, in 12 slices of 100
 *   alternating between runtimes (in reverse order every other slice): the server's CPU per
 *   invoke, the CPU of the whole tree per invoke, p50 latency (medians over slices), and the
 *   server CPU as a ratio of Node's (median of the per-slice ratios: the machine's load moves
 *   both sides of a slice alike).
 * What is counted: "server" is the emulator's own process, all its threads (schedstat), the
 * figure the 1.5x goal is about — neither the Node.js host process that runs a Node
 * function nor the python3 (java, ruby, bootstrap) process of the others is in it; "tree" adds
 * every descendant process (those hosts and runtimes, their children), so it charges each
 * runtime's own interpreter alike.
 * A runtime whose tool is missing on the machine is reported as skipped.
 */
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { strToU8, zipSync, type Zippable } from "fflate";
import { Pool } from "undici";
import { cpuNs } from "./targets.js";
import { benchCredentials, type Target } from "./types.js";

const ROLE = "arn:aws:iam::000000000000:role/bench";
const WARM_INVOKES = Number(process.env.BENCH_WARM_INVOKES ?? 1200);
const SLICES = 12;

interface RuntimeCase {
  label: string;
  runtime: string;
  handler: string;
  /** The zip's files (built lazily: compilers run once). */
  files(): Record<string, Uint8Array | [Uint8Array, number]>;
  /** The machine's own process start-up for this runtime. */
  baseline: [string, string[]];
}

function have(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

const work = mkdtempSync(join(tmpdir(), "bench-runtimes-"));

const CASES: RuntimeCase[] = [
  { label: "node", runtime: "nodejs20.x", handler: "index.handler", files: () => ({ "index.js": strToU8("exports.handler = async () => ({ ok: true });") }), baseline: ["node", ["-e", "0"]] },
  { label: "python", runtime: "python3.12", handler: "app.handler", files: () => ({ "app.py": strToU8("def handler(event, context):\n    return {'ok': True}\n") }), baseline: ["python3", ["-c", "pass"]] },
  {
    label: "rust",
    runtime: "provided.al2023",
    handler: "rust.handler",
    files: () => {
      const binary = join(work, "bootstrap");
      execFileSync("rustc", ["-O", "-C", "strip=symbols", "-o", binary, "test/runtime/fixtures-src/rust-bootstrap.rs"], { stdio: "pipe" });
      return { bootstrap: [readFileSync(binary), 0o755] };
    },
    baseline: ["/bin/true", []],
  },
  {
    label: "java",
    runtime: "java17",
    handler: "bench.Handler::handleRequest",
    files: () => {
      const src = join(work, "java-src");
      const out = join(work, "java-classes");
      execFileSync("mkdir", ["-p", join(src, "bench"), out]);
      writeFileSync(
        join(src, "bench", "Handler.java"),
        "package bench;\nimport com.amazonaws.services.lambda.runtime.*;\nimport java.util.Map;\npublic class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {\n  public Map<String, Object> handleRequest(Map<String, Object> e, Context c) { return Map.of(\"ok\", true); }\n}\n",
      );
      execFileSync("javac", ["-implicit:none", "-sourcepath", "runtimes/java", "-d", out, join(src, "bench", "Handler.java")], { stdio: "pipe" });
      const files: Record<string, Uint8Array> = {};
      for (const f of readdirSync(out, { recursive: true }) as string[]) if (statSync(join(out, f)).isFile()) files[relative(out, join(out, f))] = readFileSync(join(out, f));
      return files;
    },
    baseline: ["java", ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-version"]],
  },
  { label: "ruby", runtime: "ruby3.3", handler: "app.handler", files: () => ({ "app.rb": strToU8("def handler(event:, context:)\n  { ok: true }\nend\n") }), baseline: ["ruby", ["-e", "0"]] },
];

const TOOLS: Record<string, string> = { node: "node", python: "python3", rust: "rustc", java: "javac", ruby: "ruby" };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** CPU of the process and all its descendants (ns). */
function treeCpuNs(pid: number): number {
  let total = 0;
  const stack = [pid];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    try {
      total += cpuNs(p);
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${tid}/children`, "utf8").trim();
        if (children) stack.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // ended while we looked
    }
  }
  return total;
}

function processStartMs(cmd: string, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spawnSync(cmd, args, { stdio: "ignore" });
    times.push(performance.now() - t0);
  }
  return median(times);
}

let seq = 0;
const zips = new Map<string, Uint8Array>();

async function invoke(pool: Pool, name: string): Promise<void> {
  const res = await pool.request({ method: "POST", path: `/2015-03-31/functions/${name}/invocations`, body: "{}" });
  const text = await res.body.text();
  if (res.statusCode !== 200 || res.headers["x-amz-function-error"]) throw new Error(`${name}: ${res.statusCode} ${text}`);
}

export async function measureRuntimes(t: Target): Promise<Record<string, number | string>> {
  const lambda = new LambdaClient({ endpoint: t.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 });
  const pool = new Pool(t.endpoint, { connections: 4 });
  const out: Record<string, number | string> = {};
  const warm = new Map<string, string>();
  try {
    for (const c of CASES) {
      if (!have(TOOLS[c.label]!) || (c.label === "java" && !have("java"))) {
        out[c.label] = "skipped (not installed)";
        continue;
      }
      let zip = zips.get(c.label);
      if (!zip) {
        const entries: Zippable = {};
        for (const [k, v] of Object.entries(c.files())) {
          const [data, mode] = Array.isArray(v) ? v : [v, 0o644];
          entries[k] = [data, { os: 3, attrs: ((0o100000 | mode) << 16) >>> 0 }];
        }
        zips.set(c.label, (zip = zipSync(entries)));
      }
      const colds: number[] = [];
      let name = "";
      for (let i = 0; i < 3; i++) {
        name = `bench-${c.label}-${process.pid}-${++seq}`;
        await lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: c.runtime as never, Role: ROLE, Handler: c.handler, Timeout: 30, MemorySize: 512, Code: { ZipFile: zip } }));
        const t0 = performance.now();
        await invoke(pool, name);
        colds.push(performance.now() - t0);
      }
      const baseline = processStartMs(...c.baseline);
      out[`${c.label}ColdMs`] = round1(median(colds));
      out[`${c.label}ProcessStartMs`] = round1(baseline);
      out[`${c.label}ColdAboveStartMs`] = round1(median(colds) - baseline);
      for (let i = 0; i < 20; i++) await invoke(pool, name);
      warm.set(c.label, name);
    }
    // Warm: short slices, runtimes alternating, so a change in the machine's load moves them alike;
    // each runtime's ratio to Node is the median of its per-slice ratios.
    const slices = new Map<string, { server: number; tree: number; p50: number }[]>();
    const order = [...warm];
    for (let slice = 0; slice < SLICES; slice++) {
      for (const [label, name] of slice % 2 === 0 ? order : [...order].reverse()) {
        const server0 = cpuNs(t.pid);
        const tree0 = treeCpuNs(t.pid);
        const latencies: number[] = [];
        for (let i = 0; i < WARM_INVOKES / SLICES; i++) {
          const t0 = performance.now();
          await invoke(pool, name);
          latencies.push(performance.now() - t0);
        }
        const n = WARM_INVOKES / SLICES;
        const list = slices.get(label) ?? [];
        list.push({ server: (cpuNs(t.pid) - server0) / n / 1000, tree: (treeCpuNs(t.pid) - tree0) / n / 1000, p50: median(latencies) });
        slices.set(label, list);
      }
    }
    const node = slices.get("node");
    for (const [label, list] of slices) {
      out[`${label}WarmServerCpuUs`] = Math.round(median(list.map((x) => x.server)));
      out[`${label}WarmTreeCpuUs`] = Math.round(median(list.map((x) => x.tree)));
      out[`${label}WarmP50Ms`] = round1(median(list.map((x) => x.p50)));
      if (node) out[`${label}ServerCpuVsNode`] = Math.round(median(list.map((x, i) => x.server / node[i]!.server)) * 100) / 100;
    }
  } finally {
    await pool.close();
    lambda.destroy();
  }
  return out;
}
