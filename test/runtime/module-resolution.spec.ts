/**
 * Functions see what AWS gives them wherever local-aws runs: the module type of their files is
 * decided by their own code, and they resolve the AWS SDK v3 and their own modules only.
 */
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { testCredentials, useServer } from "../helpers/index.js";
import { createFn, decode } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);

const probe = `async function tryRequire(name) { try { require(name); return "found"; } catch (e) { return e.code; } }
exports.handler = async () => ({ fastify: await tryRequire("fastify"), sqlite: await tryRequire("better-sqlite3"), projectOnly: await tryRequire("project-only"), s3: await tryRequire("@aws-sdk/client-s3"), own: require("./lib/own.js").value });`;

describe("behaviour", () => {
  it("resolves the AWS SDK and the function's own modules, not local-aws's dependencies", async () => {
    const name = await createFn(lambda(), { "index.js": probe, "lib/own.js": `exports.value = "mine";` });
    const res = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(decode(res.Payload)).toEqual({ fastify: "MODULE_NOT_FOUND", sqlite: "MODULE_NOT_FOUND", projectOnly: "MODULE_NOT_FOUND", s3: "found", own: "mine" });
  });

  it("ES module handlers import the SDK but not local-aws's dependencies", async () => {
    const name = await createFn(
      lambda(),
      {
        "index.mjs": `import { SQSClient } from "@aws-sdk/client-sqs";
export const handler = async () => { let fastify; try { await import("fastify"); fastify = "found"; } catch (e) { fastify = e.code; } return { sqs: typeof SQSClient, fastify }; };`,
      },
      { Handler: "index.handler" },
    );
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual({ sqs: "function", fastify: "ERR_MODULE_NOT_FOUND" });
  });

  it("a package.json with type module in the zip makes its .js files ES modules", async () => {
    const name = await createFn(lambda(), { "package.json": `{"type":"module"}`, "index.js": `export const handler = async () => typeof require;` });
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toBe("undefined");
  });
});

describe("started from inside an ES module project with the default data directory", () => {
  it("runs CommonJS handlers as CommonJS and hides the project's node_modules", async () => {
    const project = mkdtempSync(join(tmpdir(), "la-esm-project-"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "my-app", type: "module" }));
    mkdirSync(join(project, "node_modules", "project-only"), { recursive: true });
    writeFileSync(join(project, "node_modules", "project-only", "package.json"), JSON.stringify({ name: "project-only", main: "index.js" }));
    writeFileSync(join(project, "node_modules", "project-only", "index.js"), "module.exports = 1;");
    const main = resolve("test/helpers/builtin-server-main.ts");
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const child = spawn(process.execPath, ["--import", tsx, main, "./.local-aws"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
    try {
      let out = "";
      child.stdout.setEncoding("utf8");
      const endpoint = await new Promise<string>((ok, fail) => {
        child.stdout.on("data", (d: string) => {
          out += d;
          const m = /"endpoint":"([^"]+)"/.exec(out);
          if (m) ok(m[1]!);
        });
        child.once("exit", (code) => fail(new Error(`server exited ${code}`)));
      });
      const client = new LambdaClient({ endpoint, region: "us-east-1", credentials: testCredentials, maxAttempts: 1 });
      const name = await createFn(client, { "index.js": probe, "lib/own.js": `exports.value = "mine";` });
      const res = await client.send(new InvokeCommand({ FunctionName: name }));
      expect(res.FunctionError).toBeUndefined();
      expect(decode(res.Payload)).toEqual({ fastify: "MODULE_NOT_FOUND", sqlite: "MODULE_NOT_FOUND", projectOnly: "MODULE_NOT_FOUND", s3: "found", own: "mine" });
      client.destroy();
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });
});
