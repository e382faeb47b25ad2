/**
 * A host's operating-system process. Environments run in child processes, not in the emulator's
 * threads, so that a handler that kills its own process, aborts, crashes natively or exhausts
 * memory ends only its host, never the emulator. Each host process leads its own process group:
 * ending the host kills the group, so processes a handler started (`execSync("yes")`) end with
 * it, and so do those that left the group (`detached`), found through `/proc` while the host
 * lives. Its resident memory is sampled (Linux `/proc`) while it lives: past its limit (the
 * function's MemorySize for each of its environments) it is killed and reported out of memory —
 * Buffers count, not only the V8 heap. A host process whose emulator died ends itself when its
 * IPC channel closes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { realTime } from "../core/clock.js";
import { nodeHostEntry } from "./node-host-program.js";

/** Sampling period while an invocation runs, and while the host is idle. */
const SAMPLE_MS = 50;
const IDLE_SAMPLE_MS = 1000;
const PAGE = 4096;

/** A process's resident set in MB (undefined where /proc is unavailable or it is gone). */
export function residentMb(pid: number): number | undefined {
  try {
    const statm = readFileSync(`/proc/${pid}/statm`, "latin1");
    const resident = Number(statm.split(" ")[1]);
    return Number.isFinite(resident) ? (resident * PAGE) / 1048576 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The descendants of a process (Linux `/proc`), also those that left its process group with
 * `setsid` (a `detached` spawn) — found while their ancestor lives.
 */
function descendants(root: number): number[] {
  let names: string[];
  try {
    names = readdirSync("/proc");
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "latin1");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0 && out.length < 10_000) {
    for (const child of children.get(queue.pop()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/** Kills a process, its process group and every descendant, ignoring those already gone. */
export function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  for (const d of descendants(pid)) {
    try {
      process.kill(d, "SIGKILL");
    } catch {
      // already gone
    }
  }
  killGroup(pid);
}

/** Kills a process group (and its leader), ignoring one already gone. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/**
 * Events: "message" (a message or an array of them), "output" (text the process wrote to its
 * real stdout or stderr: native crashes, V8's fatal errors, child processes' output), "exit" (code, signal) once the process has
 * ended and every message it sent has been delivered.
 */
export class HostProcess extends EventEmitter {
  private readonly child: ChildProcess;
  private exited?: { code: number | null; signal: NodeJS.Signals | null };
  private disconnected = false;
  private reported = false;
  private sampler?: { cancel(): void };
  private samplerIdle = false;
  private sampleNow?: () => void;
  /** The last resident-set sample (MB). */
  residentMb = 0;

  constructor(heapMb: number) {
    super();
    this.child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, `--max-semi-space-size=${Math.min(16, Math.max(1, Math.floor(heapMb / 16)))}`, nodeHostEntry()], {
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      detached: true,
      env: {},
      serialization: "json",
    });
    this.child.on("message", (m) => this.emit("message", m));
    this.child.stdout?.setEncoding("utf8").on("data", (text: string) => this.emit("output", text));
    this.child.stderr?.setEncoding("utf8").on("data", (text: string) => this.emit("output", text));
    this.child.on("error", (err) => {
      this.exited ??= { code: 1, signal: null };
      this.emit("spawnError", err);
      this.disconnected = true;
      this.report();
    });
    this.child.on("exit", (code, signal) => {
      this.exited = { code, signal };
      // Processes the handler started are ended with their environment.
      killGroup(this.child.pid);
      this.report();
      realTime.after(200, () => {
        this.disconnected = true;
        this.report();
      });
    });
    this.child.on("disconnect", () => {
      this.disconnected = true;
      this.report();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  postMessage(message: unknown): void {
    if (!this.child.connected) return;
    try {
      this.child.send(message as object);
    } catch {
      // the process is ending; its exit reports it
    }
  }

  /** Samples the resident set (often while `busy()`); calls `over` (once) when it passes `limitMb()`. */
  watchMemory(limitMb: () => number, over: (mb: number) => void, busy: () => boolean): void {
    const pid = this.child.pid;
    if (pid === undefined || residentMb(pid) === undefined) return;
    const tick = (): void => {
      this.sampler = undefined;
      if (this.exited) return;
      const mb = residentMb(pid);
      if (mb === undefined) return;
      this.residentMb = mb;
      if (mb > limitMb()) return over(mb);
      this.samplerIdle = !busy();
      this.sampler = realTime.after(this.samplerIdle ? IDLE_SAMPLE_MS : SAMPLE_MS, tick);
    };
    this.sampleNow = tick;
    tick();
  }

  /** Work is starting: an idle-paced sampler takes its next reading at the busy pace. */
  hurrySampling(): void {
    if (!this.samplerIdle || !this.sampler || !this.sampleNow) return;
    this.sampler.cancel();
    this.samplerIdle = false;
    this.sampler = realTime.after(SAMPLE_MS, this.sampleNow);
  }

  terminate(): void {
    this.sampler?.cancel();
    if (this.exited) killGroup(this.child.pid);
    else killTree(this.child.pid);
  }

  ref(): void {
    this.child.ref();
    (this.child.channel as { ref?: () => void } | undefined)?.ref?.();
    (this.child.stdout as unknown as { ref?: () => void } | null)?.ref?.();
    (this.child.stderr as unknown as { ref?: () => void } | null)?.ref?.();
  }

  unref(): void {
    this.child.unref();
    (this.child.channel as { unref?: () => void } | undefined)?.unref?.();
    (this.child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    (this.child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  }

  private report(): void {
    if (this.reported || !this.exited || !this.disconnected) return;
    this.reported = true;
    this.sampler?.cancel();
    this.emit("exit", this.exited.code, this.exited.signal);
  }
}
