/**
 * SnapStart for Python versions: a version's snapshot is a process that ran the init phase once
 * (and the `@register_before_snapshot` hooks) and then waits; each new environment of the version
 * is a `fork()` of it — restored, not initialized: it shares what init computed (the same random
 * state, the same "unique" id made at import time), which is exactly the hazard AWS documents,
 * runs the `@register_after_restore` hooks, and reports a Restore Duration. The snapshot is taken
 * when the version is published (or by its first environment) and kept until the version's
 * environments are discarded (update, delete, restore) or the emulator stops.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import type { FunctionError } from "./environment.js";
import { killTree } from "./host-process.js";
import type { ProcessSpec } from "./runtime-api-host.js";

/** Runtimes AWS offers SnapStart on that local-aws can snapshot (python3.12 and later). */
export const SNAPSTART_RUNTIMES = ["python3.12", "python3.13", "python3.14"];

type Control = { ready: true } | { initError: FunctionError & { raw?: string } } | { forked: number; pid: number } | { exit: number; code: number };

export class SnapshotTemplate {
  readonly ready: Promise<{ ok: true } | { ok: false; error: FunctionError }>;
  private child?: ChildProcess;
  private nextId = 1;
  private forks = new Map<number, (pid: number) => void>();
  private exits = new Map<number, (code: number) => void>();
  private dead = false;

  constructor(spec: ProcessSpec) {
    let settle: (r: { ok: true } | { ok: false; error: FunctionError }) => void = () => {};
    this.ready = new Promise((resolve) => (settle = resolve));
    const env: Record<string, string> = { ...spec.env, LOCAL_AWS_SNAPSHOT_TEMPLATE: "1", AWS_LAMBDA_INITIALIZATION_TYPE: "snap-start" };
    let child: ChildProcess;
    try {
      child = spawn(spec.command, spec.args, { cwd: spec.cwd, env, detached: true, stdio: ["pipe", "ignore", "pipe", "pipe"] });
    } catch (err) {
      settle({ ok: false, error: { errorType: "Runtime.InvalidEntrypoint", errorMessage: (err as Error).message } });
      return;
    }
    this.child = child;
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (t: string) => (stderr = (stderr + t).slice(-4096)));
    child.on("error", (err: NodeJS.ErrnoException) => {
      settle({ ok: false, error: { errorType: "Runtime.InvalidEntrypoint", errorMessage: err.code === "ENOENT" && spec.notFound ? spec.notFound : err.message } });
    });
    child.on("exit", (code) => {
      this.dead = true;
      settle({ ok: false, error: { errorType: "Runtime.ExitError", errorMessage: `Runtime exited with error: exit status ${code ?? 0}${stderr ? `\n${stderr}` : ""}` } });
    });
    let buffer = "";
    (child.stdio[3] as Readable).setEncoding("utf8").on("data", (text: string) => {
      buffer += text;
      for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let m: Control;
        try {
          m = JSON.parse(line) as Control;
        } catch {
          continue;
        }
        if ("ready" in m) settle({ ok: true });
        else if ("initError" in m) settle({ ok: false, error: { errorType: m.initError.errorType, errorMessage: m.initError.errorMessage, raw: JSON.stringify(m.initError) } });
        else if ("forked" in m) this.forks.get(m.forked)?.(m.pid);
        else if ("exit" in m) {
          this.exits.get(m.exit)?.(m.code);
          this.exits.delete(m.exit);
        }
      }
    });
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** A restored environment: a fork of the snapshot given its own variables and output socket. */
  async fork(env: Record<string, string>, outputSocket: string, onExit: (code: number) => void): Promise<number> {
    const ready = await this.ready;
    if (!ready.ok) throw Object.assign(new Error(ready.error.errorMessage), { functionError: ready.error });
    if (this.dead || !this.child?.stdin) throw new Error("the snapshot's process ended");
    const id = this.nextId++;
    const pid = await new Promise<number>((resolve) => {
      this.forks.set(id, resolve);
      (this.child!.stdin as Writable).write(`${JSON.stringify({ id, env, output: outputSocket })}\n`);
    });
    this.forks.delete(id);
    this.exits.set(pid, onExit);
    return pid;
  }

  end(): void {
    this.dead = true;
    killTree(this.child?.pid);
  }
}

/** The snapshots of published SnapStart versions, by the version's pool key. */
export class Snapshots {
  private templates = new Map<string, SnapshotTemplate>();

  get(key: string, spec: () => ProcessSpec): SnapshotTemplate {
    let t = this.templates.get(key);
    if (!t || !t.alive) {
      t = new SnapshotTemplate(spec());
      this.templates.set(key, t);
    }
    return t;
  }

  discardWhere(predicate: (key: string) => boolean): void {
    for (const [key, t] of this.templates) {
      if (!predicate(key)) continue;
      t.end();
      this.templates.delete(key);
    }
  }

  clear(): void {
    this.discardWhere(() => true);
  }
}
