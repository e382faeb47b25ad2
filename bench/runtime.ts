/**
 * Lambda runtime workloads: a warm RequestResponse invoke of a trivial handler (SDK and raw,
 * against the no-op ceiling), plus custom figures — cold start (first invoke of a new function,
 * init included), 100 concurrent invocations of a handler sleeping 100 ms (cold and warm), and
 * the RSS an idle warm environment adds to the server; and each runtime (Node.js, Python, a Rust
 * custom runtime, Java, Ruby) side by side: cold start and warm CPU per invoke (runtime-languages.ts);
 * and the warm invoke's CPU of the whole process tree (the emulator and its Node.js host processes)
 * at a fixed request rate, the figure issue #14's "within 20%" is about; and SnapStart's restore
 * against a cold start and a streamed response's delivery delay (runtime-snapstart-streaming.ts).
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { readdirSync, readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { Pool } from "undici";
import { measureRuntimes } from "./runtime-languages.js";
import { measureSnapStartAndStreaming } from "./runtime-snapstart-streaming.js";
import { cpuNs, rssMb } from "./targets.js";
import { benchCredentials, type Target, type Workload } from "./types.js";

const ROLE = "arn:aws:iam::000000000000:role/bench";
const clients = new Map<string, LambdaClient>();

function lambda(t: Target): LambdaClient {
  let c = clients.get(t.endpoint);
  if (!c) clients.set(t.endpoint, (c = new LambdaClient({ endpoint: t.endpoint, region: "us-east-1", credentials: benchCredentials, maxAttempts: 1 })));
  return c;
}

let seq = 0;
async function createFunction(t: Target, source: string, name = `bench-${process.pid}-${++seq}`): Promise<string> {
  await lambda(t).send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs20.x",
      Role: ROLE,
      Handler: "index.handler",
      Timeout: 30,
      Code: { ZipFile: zipSync({ "index.js": strToU8(source) }) },
    }),
  );
  return name;
}

function invokeRaw(pool: Pool, name: string, body = "{}"): Promise<number> {
  return pool.request({ method: "POST", path: `/2015-03-31/functions/${name}/invocations`, body }).then(async (res) => {
    for await (const _ of res.body) {
      // drain
    }
    return res.statusCode;
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const TRIVIAL = `exports.handler = async () => ({ ok: true });`;
const SLEEPER = `exports.handler = async () => { await new Promise(r => setTimeout(r, 100)); return 1; };`;
const warmName = `bench-warm-${process.pid}`;

export const workloads: Workload[] = [
  {
    name: "lambda Invoke (warm, trivial handler)",
    targets: ["local-aws", "noop"],
    concurrency: 32,
    opsPerRound: 2000,
    async setup(t) {
      if (t.kind !== "local-aws") return;
      await createFunction(t, TRIVIAL, warmName);
    },
    sdk(t) {
      const c = lambda(t);
      return async () => {
        const res = await c.send(new InvokeCommand({ FunctionName: warmName, Payload: strToU8("{}") }));
        if (t.kind === "local-aws" && res.FunctionError) throw new Error(res.FunctionError);
      };
    },
    raw() {
      return () => ({ method: "POST", path: `/2015-03-31/functions/${warmName}/invocations`, headers: { "content-type": "application/json" }, body: "{}" });
    },
  },
  {
    name: "lambda cold start, 100 concurrent 100 ms sleeps, RSS per warm environment",
    targets: ["local-aws"],
    async custom(t) {
      const pool = new Pool(t.endpoint, { connections: 128 });
      try {
        const colds: number[] = [];
        for (let i = 0; i < 5; i++) {
          const name = await createFunction(t, TRIVIAL);
          const t0 = performance.now();
          await invokeRaw(pool, name);
          colds.push(performance.now() - t0);
        }
        const sleeper = await createFunction(t, SLEEPER);
        // Open the client's 100+ connections first, so the burst measures the server, not the
        // client's connection ramp-up.
        await Promise.all(Array.from({ length: 110 }, () => pool.request({ method: "GET", path: "/_local/health" }).then((r) => r.body.text())));
        const burst = async (): Promise<number> => {
          const t0 = performance.now();
          const codes = await Promise.all(Array.from({ length: 100 }, () => invokeRaw(pool, sleeper)));
          if (codes.some((c) => c !== 200)) throw new Error(`burst statuses ${[...new Set(codes)].join(",")}`);
          return performance.now() - t0;
        };
        const coldBurst = await burst();
        const secondBurst = await burst();
        const warmBurst = await burst();
        // RSS added per idle warm environment: warm 50 environments of a new trivial function.
        const idle = await createFunction(t, `exports.handler = async () => { await new Promise(r => setTimeout(r, 300)); return 1; };`);
        const before = rssMb(t.pid);
        await Promise.all(Array.from({ length: 50 }, () => invokeRaw(pool, idle)));
        await new Promise((r) => setTimeout(r, 500));
        const after = rssMb(t.pid);
        return {
          coldStartMsMedian: Math.round(median(colds) * 10) / 10,
          burst100x100msColdMs: Math.round(coldBurst),
          burst100x100msSecondMs: Math.round(secondBurst),
          burst100x100msWarmMs: Math.round(warmBurst),
          rssPerIdleEnvMb: Math.round(((after - before) / 50) * 10) / 10,
        };
      } finally {
        await pool.close();
      }
    },
  },
  {
    name: "lambda runtimes: cold start and warm CPU per invoke (node, python, provided.al2023 rust, java, ruby)",
    targets: ["local-aws"],
    custom: measureRuntimes,
  },
  {
    name: "lambda SnapStart restore vs cold start (python, 300 ms init); streamed response delivery",
    targets: ["local-aws"],
    custom: measureSnapStartAndStreaming,
  },
  {
    name: "lambda warm invoke CPU of the emulator and its host processes, paced",
    targets: ["local-aws"],
    custom: warmTreeCpu,
  },
];

/** CPU (ns) of a process and all its descendants (the host processes), from /proc. */
function treeNs(pid: number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
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

/**
 * Warm invokes of a trivial handler sent at fixed rates (one every 1/rate s, up to 64 in flight),
 * so that the CPU per invoke compares across builds and runs at the same request rate (a server's
 * cost per request falls as its rate rises, see README): the emulator's own CPU and the whole
 * tree's (the emulator plus its host processes).
 */
async function warmTreeCpu(t: Target): Promise<Record<string, number>> {
  const pool = new Pool(t.endpoint, { connections: 64 });
  const out: Record<string, number> = {};
  try {
    const name = await createFunction(t, TRIVIAL);
    const paced = async (rate: number, n: number): Promise<void> => {
      const t0 = performance.now();
      const all: Promise<number>[] = [];
      for (let i = 0; i < n; i++) {
        const wait = t0 + (i * 1000) / rate - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        all.push(invokeRaw(pool, name));
        if (i >= 64) await all[i - 64];
      }
      const codes = await Promise.all(all);
      if (codes.some((c) => c !== 200)) throw new Error(`statuses ${[...new Set(codes)].join(",")}`);
    };
    await paced(500, 500);
    for (const rate of [500, 1500]) {
      const n = rate * 3;
      const server0 = cpuNs(t.pid);
      const tree0 = treeNs(t.pid);
      await paced(rate, n);
      out[`at${rate}PerSecServerCpuUs`] = Math.round((cpuNs(t.pid) - server0) / n / 1000);
      out[`at${rate}PerSecTreeCpuUs`] = Math.round((treeNs(t.pid) - tree0) / n / 1000);
    }
  } finally {
    await pool.close();
  }
  return out;
}
