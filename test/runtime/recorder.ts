import type { LambdaClient } from "@aws-sdk/client-lambda";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFn } from "./fixtures.js";

const outDir = mkdtempSync(join(tmpdir(), "la-rec-"));

/**
 * A function that appends every event it receives to a file, then runs `then` (JS returning the
 * handler's result, with `e` the event). What a test asserts on is what the function received.
 */
export async function recorder(lambda: LambdaClient, then = "return 1;", extra: Record<string, unknown> = {}): Promise<{ name: string; arn: string; events(): Record<string, unknown>[] }> {
  const file = join(outDir, `${Math.random().toString(16).slice(2)}.jsonl`);
  const name = await createFn(lambda, `const fs = require("fs"); exports.handler = async (e) => { fs.appendFileSync(process.env.OUT, JSON.stringify(e) + "\\n"); ${then} };`, {
    Environment: { Variables: { OUT: file } },
    ...extra,
  });
  return {
    name,
    arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    events: () => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>) : []),
  };
}
