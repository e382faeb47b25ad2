/**
 * ruby3.x functions: the machine's `ruby` runs the runtime client local-aws ships
 * (`runtimes/ruby/bootstrap.rb`), with the load paths AWS's Ruby runtime sets: the task root and
 * layers' `ruby/lib` on RUBYLIB, bundled gems (`vendor/bundle/ruby/<version>.0`) and layers'
 * `ruby/gems/<version>.0` on GEM_PATH.
 */
import { join } from "node:path";
import type { ProcessSpec } from "./runtime-api-host.js";
import { RUNTIMES_DIR } from "./shipped-runtimes.js";

export const RUBY_RUNTIMES = ["ruby3.2", "ruby3.3", "ruby3.4"];

export function rubySpec(runtime: string, taskRoot: string, env: Record<string, string>, opt: string | undefined): ProcessSpec {
  const abi = `${runtime.slice("ruby".length)}.0`;
  const rubyLib = [taskRoot, ...(opt ? [join(opt, "ruby", "lib")] : []), ...(env.RUBYLIB ? [env.RUBYLIB] : [])];
  const gemPath = [join(taskRoot, "vendor", "bundle", "ruby", abi), ...(opt ? [join(opt, "ruby", "gems", abi)] : [])];
  return {
    command: "ruby",
    args: [join(RUNTIMES_DIR, "ruby", "bootstrap.rb")],
    cwd: taskRoot,
    env: { ...env, RUBYLIB: rubyLib.join(":"), GEM_PATH: gemPath.join(":"), LAMBDA_RUNTIME_DIR: join(RUNTIMES_DIR, "ruby") },
    displayPath: "ruby",
    notFound: `local-aws runs ${runtime} functions with the machine's ruby, and none was found on the PATH (${env.PATH ?? ""}).`,
    crLines: true,
    ...(opt ? { optDir: opt } : {}),
  };
}
