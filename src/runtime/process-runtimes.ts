/**
 * How an environment of a runtime other than Node.js is started: `provided.al2023` /
 * `provided.al2` run the zip's `bootstrap` (or a layer's `/opt/bootstrap`), `python3.x` runs the
 * machine's `python3` with the runtime client we ship (python-runtime.ts), `java*` the machine's
 * `java` (java-runtime.ts), `ruby3.x` the machine's `ruby` (ruby-runtime.ts). All speak the
 * Runtime API (runtime-api-host.ts). Each gets the variables AWS sets for its runtime.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { JAVA_RUNTIMES, javaSpec } from "./java-runtime.js";
import { RUBY_RUNTIMES, rubySpec } from "./ruby-runtime.js";
import type { ProcessSpec } from "./runtime-api-host.js";

export { JAVA_RUNTIMES, RUBY_RUNTIMES };

export const PYTHON_RUNTIMES = ["python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14"];
export const PROVIDED_RUNTIMES = ["provided.al2023", "provided.al2"];

export function isProcessRuntime(runtime: string): boolean {
  return PYTHON_RUNTIMES.includes(runtime) || PROVIDED_RUNTIMES.includes(runtime) || JAVA_RUNTIMES.includes(runtime) || RUBY_RUNTIMES.includes(runtime);
}

/** Directories of the extracted layers (`/opt`), in the order AWS applies them. */
export interface OptDirs {
  opt?: string;
}

export function processSpec(runtime: string, taskRoot: string, env: Record<string, string>, runtimeDir: string, layers: OptDirs = {}): ProcessSpec {
  const opt = layers.opt;
  const path = [...(opt ? [join(opt, "bin")] : []), env.PATH ?? "/usr/local/bin:/usr/bin:/bin"].join(":");
  const ldPath = [...(opt ? [join(opt, "lib")] : []), ...(env.LD_LIBRARY_PATH ? [env.LD_LIBRARY_PATH] : [])].join(":");
  const base = { ...env, PATH: path, ...(ldPath ? { LD_LIBRARY_PATH: ldPath } : {}), LAMBDA_TASK_ROOT: taskRoot };
  if (PYTHON_RUNTIMES.includes(runtime)) {
    const version = runtime.slice("python".length);
    const pythonPath = [taskRoot, ...(opt ? [join(opt, "python"), join(opt, "python", "lib", `python${version}`, "site-packages")] : []), join(runtimeDir, "python")];
    return {
      command: "python3",
      args: ["-u", join(runtimeDir, "python", "bootstrap.py")],
      cwd: taskRoot,
      env: { ...base, PYTHONPATH: pythonPath.join(":"), PYTHONUNBUFFERED: "1", LAMBDA_RUNTIME_DIR: join(runtimeDir, "python") },
      displayPath: "python3",
      notFound: `local-aws runs ${runtime} functions with the machine's python3, and none was found on the PATH (${path}).`,
      crLines: true,
      ...(opt ? { optDir: opt } : {}),
    };
  }
  if (JAVA_RUNTIMES.includes(runtime)) return javaSpec(runtime, taskRoot, base, opt);
  if (RUBY_RUNTIMES.includes(runtime)) return rubySpec(runtime, taskRoot, base, opt);
  let bootstrap = join(taskRoot, "bootstrap");
  if (!existsSync(bootstrap) && opt && existsSync(join(opt, "bootstrap"))) bootstrap = join(opt, "bootstrap");
  return {
    command: bootstrap,
    args: [],
    cwd: taskRoot,
    env: base,
    displayPath: bootstrap.startsWith(taskRoot) ? "/var/task/bootstrap" : "/opt/bootstrap",
    notFound: "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]",
    ...(opt ? { optDir: opt } : {}),
  };
}
