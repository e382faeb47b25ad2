/**
 * Hostile handlers end only their own environment: the emulator keeps serving, processes they
 * start die with them, memory past MemorySize (Buffers too) is an out-of-memory, and zip bombs
 * are refused before they are inflated.
 */
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDeflateRaw } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "../helpers/aws-error.js";
import { uniqueName, useServer } from "../helpers/index.js";
import { createFn, decode, ROLE } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);
const dir = mkdtempSync(join(tmpdir(), "la-contain-"));

async function invoke(name: string, payload = "{}"): Promise<{ error?: string; body: unknown }> {
  const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(payload) }));
  return { error: res.FunctionError, body: decode(res.Payload) };
}

/** The emulator still answers: a fresh function runs, and the hostile one starts over. */
async function stillServing(hostile?: string): Promise<void> {
  const fresh = await createFn(lambda(), `exports.handler = async () => "alive";`);
  expect((await invoke(fresh)).body).toBe("alive");
  if (hostile) expect((await invoke(hostile, '{"calm":true}')).body).toBe("calm");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed process not yet reaped by its new parent is a zombie: dead.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** Real processes end in real time: wait (bounded) for one to be gone. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => globalThis.setTimeout(r, 20));
  return !alive(pid);
}

const calm = `if (event.calm) return "calm";`;

describe("behaviour", () => {
  it("a handler that SIGKILLs its own process fails with Runtime.ExitError and the emulator keeps serving", async () => {
    const name = await createFn(lambda(), `exports.handler = async (event) => { ${calm} process.kill(process.pid, "SIGKILL"); };`);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toEqual({ errorType: "Runtime.ExitError", errorMessage: `RequestId: ${res.$metadata.requestId} Error: Runtime exited with error: signal: killed` });
    await stillServing(name);
  });

  it("a handler that aborts, or crashes with a segmentation fault, ends only its environment", async () => {
    const aborting = await createFn(lambda(), `exports.handler = async (event) => { ${calm} process.abort(); };`);
    expect((await invoke(aborting)).body).toMatchObject({ errorType: "Runtime.ExitError", errorMessage: expect.stringContaining("Runtime exited with error: signal: aborted") });
    const crashing = await createFn(lambda(), `exports.handler = async (event) => { ${calm} process.kill(process.pid, "SIGSEGV"); await new Promise(() => {}); };`);
    expect((await invoke(crashing)).body).toMatchObject({ errorType: "Runtime.ExitError", errorMessage: expect.stringContaining("signal: segmentation fault") });
    await stillServing(aborting);
    await stillServing(crashing);
  });

  it("kills the processes a handler started when its invocation times out", async () => {
    const out = join(dir, "timeout.pid");
    const name = await createFn(
      lambda(),
      `const { spawn } = require("child_process"); const fs = require("fs");
       exports.handler = async () => { const c = spawn("sh", ["-c", "while :; do :; done"], { stdio: "ignore", detached: true }); fs.writeFileSync(process.env.OUT, String(c.pid)); await new Promise(() => {}); };`,
      { Timeout: 1, Environment: { Variables: { OUT: out } } },
    );
    expect((await invoke(name)).body).toMatchObject({ errorType: "Sandbox.Timedout" });
    const pid = Number(readFileSync(out, "utf8"));
    expect(pid).toBeGreaterThan(0);
    expect(await gone(pid)).toBe(true);
  });

  it("kills the processes a handler left running when its environment is discarded", async () => {
    const out = join(dir, "reap.pid");
    const name = await createFn(
      lambda(),
      `const { spawn } = require("child_process"); const fs = require("fs");
       exports.handler = async () => { const c = spawn("sleep", ["300"], { stdio: "ignore" }); c.unref(); fs.writeFileSync(process.env.OUT, String(c.pid)); return "started"; };`,
      { Environment: { Variables: { OUT: out } } },
    );
    expect((await invoke(name)).body).toBe("started");
    const pid = Number(readFileSync(out, "utf8"));
    expect(alive(pid)).toBe(true);
    await ctx.clock.advance(301_000); // reaped after 5 idle minutes
    expect(await gone(pid)).toBe(true);
  });

  it("bounds the environment's whole memory by MemorySize: Buffers past it are Runtime.OutOfMemory and the server's RSS stays flat", async () => {
    const name = await createFn(lambda(), `exports.handler = async (event) => { ${calm} const keep = []; for (let i = 0; i < 2048; i++) keep.push(Buffer.alloc(1 << 20, 1)); return keep.length; };`, { MemorySize: 128 });
    const before = process.memoryUsage().rss;
    const res = await invoke(name);
    expect(res.error).toBe("Unhandled");
    expect(res.body).toMatchObject({ errorType: "Runtime.OutOfMemory" });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    await stillServing(name);
  });

  it("a V8 heap exhausted past MemorySize is Runtime.OutOfMemory", async () => {
    const name = await createFn(lambda(), `exports.handler = async () => { const keep = []; for (;;) keep.push({ n: Math.random(), s: "x".repeat(64) + Math.random() }); };`, { MemorySize: 128, Timeout: 30 });
    expect((await invoke(name)).body).toMatchObject({ errorType: "Runtime.OutOfMemory" });
  });

  it("reports Max Memory Used as the environment's resident memory", async () => {
    const name = await createFn(lambda(), `const keep = Buffer.alloc(60 << 20, 1); exports.handler = async () => keep.length;`, { MemorySize: 256 });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, LogType: "Tail" }));
    const used = Number(/Max Memory Used: (\d+) MB/.exec(Buffer.from(res.LogResult ?? "", "base64").toString())?.[1]);
    expect(used).toBeGreaterThan(60);
    expect(used).toBeLessThanOrEqual(256);
  });
});

/** A zip of one deflated entry whose central directory declares `declared` bytes. */
function bombZip(name: string, data: Buffer, declared: number): Buffer {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(0x0314, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(local.length + nameBytes.length + data.length, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

/** 1 GiB of zeros, deflated (about 1 MB), streamed so the GiB is never held. */
async function gigabyteOfZeros(): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  const zeros = Buffer.alloc(1 << 20);
  for (let i = 0; i < 1024; i++) if (!deflate.write(zeros)) await new Promise((r) => deflate.once("drain", r));
  deflate.end();
  await done;
  return Buffer.concat(chunks);
}

describe("zip limits", () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await gigabyteOfZeros();
  });

  it("refuses a zip whose declared unzipped size passes 250 MB, without inflating it", async () => {
    const before = process.memoryUsage().rss;
    const zip = bombZip("index.js", bomb, 1 << 30);
    await expectAwsError(
      lambda().send(new CreateFunctionCommand({ FunctionName: uniqueName("bomb"), Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zip } })),
      { name: "InvalidParameterValueException", message: "Unzipped size must be smaller than 262144000 bytes", status: 400 },
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it("refuses a 1 MB zip that inflates to 1 GiB but declares 1,000 bytes, after inflating no more than it declared", async () => {
    const before = process.memoryUsage().rss;
    const zip = bombZip("index.js", bomb, 1000);
    expect(zip.length).toBeLessThan(2 << 20);
    await expectAwsError(
      lambda().send(new CreateFunctionCommand({ FunctionName: uniqueName("bomb"), Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zip } })),
      { name: "InvalidParameterValueException", message: "Could not unzip uploaded file. Please check your file, then try to upload again.", status: 400 },
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });
});
