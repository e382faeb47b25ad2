import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { testCredentials, uniqueName, useServer } from "../helpers/index.js";
import { ROLE, zipOf } from "./fixtures.js";

const run = promisify(execFile);
const ctx = useServer();
const dir = mkdtempSync(join(tmpdir(), "la-cli-"));

function aws(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run("/usr/bin/aws", [...args, "--endpoint-url", ctx.endpoint, "--region", "us-east-1", "--output", "json"], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: testCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey, AWS_PAGER: "" },
  });
}

describe("behaviour", () => {
  it("creates, invokes and reads a function with the AWS CLI", async () => {
    const name = uniqueName("cli");
    const zip = join(dir, "fn.zip");
    writeFileSync(zip, zipOf({ "index.js": `exports.handler = async (e) => ({ hello: e.who });` }));
    const created = JSON.parse((await aws("lambda", "create-function", "--function-name", name, "--runtime", "nodejs20.x", "--role", ROLE, "--handler", "index.handler", "--zip-file", `fileb://${zip}`)).stdout) as { FunctionName: string };
    expect(created.FunctionName).toBe(name);
    const out = join(dir, "out.json");
    const invoked = JSON.parse((await aws("lambda", "invoke", "--function-name", name, "--cli-binary-format", "raw-in-base64-out", "--payload", '{"who":"cli"}', out)).stdout) as { StatusCode: number; ExecutedVersion: string };
    expect(invoked).toMatchObject({ StatusCode: 200, ExecutedVersion: "$LATEST" });
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual({ hello: "cli" });
    const missing = await aws("lambda", "get-function", "--function-name", `${name}-gone`).catch((err: { stderr: string }) => err.stderr);
    expect(missing).toContain("ResourceNotFoundException");
  }, 60_000); // three AWS CLI (Python) start-ups: ~11 s on a loaded 2-core machine
});
