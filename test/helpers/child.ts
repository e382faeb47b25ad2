import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";

export interface Child {
  proc: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns a process and collects its output (for CLI, durability and shutdown tests). */
export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(command, args, { env: { ...process.env, ...env }, stdio: "pipe" });
  let out = "";
  let err = "";
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  proc.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      const m = w.pattern.exec(out);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = once(proc, "exit").then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, timeoutMs = 20_000) {
      const m = pattern.exec(out);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const timer = globalThis.setTimeout(() => reject(new Error(`timed out waiting for ${pattern} in output:\n${out}\n${err}`)), timeoutMs);
        waiters.push({ pattern, resolve: (x) => (globalThis.clearTimeout(timer), resolve(x)) });
        void exited.then(({ code }) => reject(new Error(`process exited (${code}) before ${pattern}:\n${out}\n${err}`)));
      });
    },
    exit: () => exited,
  };
}
