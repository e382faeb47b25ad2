/**
 * The README's start command, run as a new user runs it: in a fresh clone of the repository, after
 * `npm ci`. The clone is a local `git clone` of the committed tree; `npm ci`'s effects (the installed
 * dependencies and the `prepare` build) are this checkout's `node_modules` and `dist`, linked in.
 * What made `npx local-aws start` slow was npx installing the clone into its own cache before
 * running it, because the clone's package.json declared the `local-aws` bin; it declares none now
 * and `prepare` links node_modules/.bin/local-aws instead (scripts/own-bin.mjs), which the linked
 * node_modules carries, so the link keeps the test representative.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const repo = resolve(".");
const dir = mkdtempSync(join(tmpdir(), "local-aws-clone-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The command the README's Start section runs after `npm ci`. */
function readmeStartCommand(): string {
  const readme = readFileSync(join(repo, "README.md"), "utf8");
  const start = readme.slice(readme.indexOf("## Start"));
  const line = /^npm ci && (.+?)\s+#.*serves on/m.exec(start);
  if (!line) throw new Error("README's Start section has no `npm ci && <command>  # serves on ...` line");
  return line[1]!;
}

describe("the README's start command on a fresh clone", () => {
  it("prints its endpoint and serves within about a second", async () => {
    const command = readmeStartCommand();
    expect(command).toBe("npx local-aws start");
    expect(JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).bin).toBeUndefined(); // else npx installs the clone first
    if (!existsSync(join(repo, "dist", "cli.js"))) execFileSync("npm", ["run", "build"], { cwd: repo, stdio: "ignore" });
    const clone = join(dir, "local-aws");
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", "--depth", "1", `file://${repo}`, clone], { stdio: "ignore" });
    symlinkSync(join(repo, "node_modules"), join(clone, "node_modules"));
    symlinkSync(join(repo, "dist"), join(clone, "dist"));

    const started = performance.now();
    const child = spawn("sh", ["-c", command], {
      cwd: clone,
      detached: true,
      env: { ...process.env, LOCAL_AWS_PORT: "0", LOCAL_AWS_IN_MEMORY: "1", npm_config_update_notifier: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    try {
      const endpoint = await new Promise<string>((resolveEndpoint, reject) => {
        const timer = globalThis.setTimeout(() => reject(new Error(`no endpoint after 20 s:\n${out}\n${err}`)), 20_000);
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) {
            globalThis.clearTimeout(timer);
            resolveEndpoint(m[1]!);
          }
        });
        child.once("exit", (code) => reject(new Error(`exited (${code}) before printing its endpoint:\n${out}\n${err}`)));
      });
      const health = await fetch(`${endpoint}/_local/health`);
      const elapsed = performance.now() - started;
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "running" });
      // About a second on an idle machine (npm's own start-up included); the bound leaves room for a
      // loaded CI machine while still failing on an install step.
      expect(elapsed).toBeLessThan(5000);
    } finally {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    }
  });
});
