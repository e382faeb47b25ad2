import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { startChild } from "../helpers/child.js";
import { adminCall } from "../helpers/index.js";

/** The real CLI, as `npx local-aws` runs it (bin/ → dist/, built by `npm ci`'s prepare and by `npm test`). */
function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return startChild(process.execPath, ["bin/local-aws.js", ...args], { LOCAL_AWS_LOG_LEVEL: "warn", ...env });
}

describe("local-aws start", () => {
  it("prints the endpoint, data directory and services, serves, and exits 0 on SIGINT", async () => {
    const child = cli(["start", "--port", "0", "--in-memory"]);
    const [, endpoint] = await child.waitFor(/endpoint:\s+(http:\/\/127\.0\.0\.1:\d+)/);
    expect(child.stdout()).toMatch(/data dir:\s+\(in memory\)/);
    expect(child.stdout()).toMatch(/services:/);
    const { status, json } = await adminCall(endpoint!, "GET", "/_local/health");
    expect(status).toBe(200);
    expect(json.status).toBe("running");
    child.proc.kill("SIGINT");
    expect((await child.exit()).code).toBe(0);
  });

  it("takes its settings from LOCAL_AWS_* environment variables", async () => {
    const child = cli(["start", "--in-memory"], { LOCAL_AWS_PORT: "0", LOCAL_AWS_REGION: "eu-central-1", LOCAL_AWS_VIRTUAL_CLOCK: "true" });
    const [, endpoint] = await child.waitFor(/endpoint:\s+(http:\/\/127\.0\.0\.1:\d+)/);
    expect(child.stdout()).toMatch(/region:\s+eu-central-1/);
    expect((await adminCall(endpoint!, "GET", "/_local/clock")).json.virtual).toBe(true);
    child.proc.kill("SIGTERM");
    expect((await child.exit()).code).toBe(0);
  });

  it("says in one line that a port is taken and exits 1", async () => {
    const blocker = createServer();
    blocker.listen(0, "127.0.0.1");
    await once(blocker, "listening");
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = cli(["start", "--port", String(port), "--in-memory"]);
      const { code } = await child.exit();
      expect(code).toBe(1);
      expect(child.stderr().trim().split("\n")).toEqual([`local-aws: port ${port} on 127.0.0.1 is already in use; stop what uses it or pick another with --port`]);
    } finally {
      blocker.close();
    }
  });

  it("explains every option in --help", async () => {
    const child = cli(["start", "--help"]);
    await child.exit();
    for (const option of ["--port", "--host", "--data-dir", "--in-memory", "--region", "--account", "--virtual-clock", "--config", "--log-level"]) {
      expect(child.stdout()).toContain(option);
    }
  });

  it("rejects an invalid account id with one line and exit code 1", async () => {
    const child = cli(["start", "--port", "0", "--in-memory", "--account", "abc"]);
    expect((await child.exit()).code).toBe(1);
    expect(child.stderr()).toContain("--account must be 12 digits");
  });
});

describe("local-aws status and reset", () => {
  it("talk to a running instance", async () => {
    const server = cli(["start", "--port", "0", "--in-memory"]);
    const [, endpoint] = await server.waitFor(/endpoint:\s+(http:\/\/127\.0\.0\.1:\d+)/);
    const status = cli(["status", "--endpoint", endpoint!]);
    expect((await status.exit()).code).toBe(0);
    expect(JSON.parse(status.stdout()).status).toBe("running");
    const reset = cli(["reset", "--endpoint", endpoint!]);
    expect((await reset.exit()).code).toBe(0);
    expect(JSON.parse(reset.stdout())).toEqual({ reset: true });
    server.proc.kill("SIGTERM");
    await server.exit();
  });

  it("say clearly when nothing is running", async () => {
    const status = cli(["status", "--endpoint", "http://127.0.0.1:9"]);
    expect((await status.exit()).code).toBe(1);
    expect(status.stderr()).toContain("nothing answers at http://127.0.0.1:9");
  });
});

describe("the server's heap tuning (heap-tuning.ts)", () => {
  // In a child process: the setting would otherwise change this test process's GC.
  const tune = (execArgv: string[]): string =>
    execFileSync(process.execPath, ["--input-type=module", "-e", `const m = await import("./dist/heap-tuning.js"); console.log(m.tuneHeapForServer(${JSON.stringify(execArgv)}))`], { encoding: "utf8" }).trim();

  it("sets V8's heap growing factor when the user chose none", () => {
    expect(tune([])).toBe("true");
    expect(tune(["--enable-source-maps", "--max-old-space-size=512"])).toBe("true");
  });

  it("keeps a factor the user chose on node's command line", () => {
    expect(tune(["--heap-growing-percent=50"])).toBe("false");
    expect(tune(["--inspect", "--heap_growing_percent=20"])).toBe("false");
  });
});
