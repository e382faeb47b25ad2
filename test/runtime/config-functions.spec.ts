import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useServer } from "../helpers/index.js";
import { decode } from "./fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "la-cfg-"));
mkdirSync(join(dir, "fn", "src"), { recursive: true });
const source = (v: number): string =>
  `const { LambdaClient } = require("@aws-sdk/client-lambda"); let calls = 0; exports.handler = async () => ({ v: ${v}, calls: ++calls, sdk: typeof LambdaClient, greeting: process.env.GREETING });`;
writeFileSync(join(dir, "fn", "src", "app.js"), source(1));
writeFileSync(
  join(dir, "local-aws.json"),
  JSON.stringify({ functions: { thumbnail: { handler: "src/app.handler", codePath: "./fn", runtime: "nodejs22.x", memorySize: 256, timeout: 10, environment: { GREETING: "hej" } } } }),
);
const ctx = useServer({ config: join(dir, "local-aws.json") });
const lambda = (): LambdaClient => ctx.client(LambdaClient);

async function invoke(): Promise<{ v: number; calls: number; sdk: string; greeting: string }> {
  return decode((await lambda().send(new InvokeCommand({ FunctionName: "thumbnail" }))).Payload) as { v: number; calls: number; sdk: string; greeting: string };
}

describe("behaviour", () => {
  it("installs config-declared functions at start, before any Lambda request", () => {
    expect(ctx.aws.server.registry.loadedService("lambda")).toBeDefined();
  });

  it("declares functions from the config file with their settings", async () => {
    const c = await lambda().send(new GetFunctionConfigurationCommand({ FunctionName: "thumbnail" }));
    expect(c).toMatchObject({ FunctionName: "thumbnail", Runtime: "nodejs22.x", Handler: "src/app.handler", MemorySize: 256, Timeout: 10, Environment: { Variables: { GREETING: "hej" } } });
  });

  it("keeps warm state between changes and runs new code after a file changes", async () => {
    expect(await invoke()).toEqual({ v: 1, calls: 1, sdk: "function", greeting: "hej" });
    expect(await invoke()).toEqual({ v: 1, calls: 2, sdk: "function", greeting: "hej" });
    writeFileSync(join(dir, "fn", "src", "app.js"), source(2));
    // The file watcher reports in real time: wait for it, up to 3 s.
    let out = await invoke();
    for (let i = 0; i < 30 && out.v !== 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      out = await invoke();
    }
    expect(out).toEqual({ v: 2, calls: 1, sdk: "function", greeting: "hej" });
    expect(await invoke()).toEqual({ v: 2, calls: 2, sdk: "function", greeting: "hej" });
  });
});
