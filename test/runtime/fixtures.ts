import { CreateFunctionCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { uniqueName } from "../helpers/index.js";

export const ROLE = "arn:aws:iam::000000000000:role/lambda-role";

/** A zip of the given files (name → source). */
export function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
}

export const handlers = {
  echo: `exports.handler = async (event, context) => ({ event, requestId: context.awsRequestId, fn: context.functionName, version: context.functionVersion, arn: context.invokedFunctionArn, mem: context.memoryLimitInMB, group: context.logGroupName, stream: context.logStreamName, remaining: context.getRemainingTimeInMillis() });`,
  counter: `let n = 0; exports.handler = async () => ({ n: ++n });`,
};

/** Creates a function from `source` (index.js unless files are given); returns its name. */
export async function createFn(
  lambda: LambdaClient,
  source: string | Record<string, string>,
  extra: Partial<ConstructorParameters<typeof CreateFunctionCommand>[0]> = {},
): Promise<string> {
  const name = extra.FunctionName ?? uniqueName("fn");
  const files = typeof source === "string" ? { "index.js": source } : source;
  await lambda.send(
    new CreateFunctionCommand({ FunctionName: name, Runtime: "nodejs20.x", Role: ROLE, Handler: "index.handler", Code: { ZipFile: zipOf(files) }, ...extra }),
  );
  return name;
}

export function decode(payload: Uint8Array | undefined): unknown {
  return JSON.parse(Buffer.from(payload ?? []).toString("utf8"));
}

/**
 * The files of installed packages and their dependencies (installed optional ones too), as
 * `node_modules/...` entries to bundle into a function's zip: functions resolve only the AWS SDK
 * from the emulator's installation, as on AWS.
 */
export function bundledPackages(names: string[]): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.pop()!;
    const dir = join("node_modules", name);
    if (seen.has(name) || !existsSync(join(dir, "package.json"))) continue;
    seen.add(name);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    queue.push(...Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }));
    for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
      const file = join(dir, rel);
      if (statSync(file).isFile()) out[file] = readFileSync(file);
    }
  }
  return out;
}

/** A zip of files given as text or bytes, stored without compression (fast for large bundles), made on Unix with `mode`. */
export function zipBytes(files: Record<string, string | Uint8Array>, mode = 0o644): Uint8Array {
  const attrs = { os: 3, attrs: ((0o100000 | mode) << 16) >>> 0 };
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [typeof v === "string" ? strToU8(v) : v, attrs]])), { level: 0 });
}

/** A zip made on Unix: each file is text and an optional mode (0o755 for a `bootstrap`). */
export function unixZip(files: Record<string, string | [string, number]>): Uint8Array {
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, v]) => {
        const [text, mode] = typeof v === "string" ? [v, 0o644] : v;
        return [name, [strToU8(text), { os: 3, attrs: ((0o100000 | mode) << 16) >>> 0 }]];
      }),
    ),
  );
}

/** AWS's tutorial bootstrap for a shell-script custom runtime: `_HANDLER` is `<file>.<function>`. */
export const SHELL_BOOTSTRAP = `#!/bin/bash
set -euo pipefail
source "$LAMBDA_TASK_ROOT/$(echo "$_HANDLER" | cut -d. -f1).sh"
API="http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  EVENT_DATA=$(curl -sS -LD "$HEADERS" "$API/invocation/next")
  REQUEST_ID=$(grep -Fi Lambda-Runtime-Aws-Request-Id "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  export HEADERS
  if RESPONSE=$($(echo "$_HANDLER" | cut -d. -f2) "$EVENT_DATA"); then
    curl -sS "$API/invocation/$REQUEST_ID/response" -d "$RESPONSE" > /dev/null
  else
    curl -sS "$API/invocation/$REQUEST_ID/error" -H "Lambda-Runtime-Function-Error-Type: Unhandled" -d "{\\"errorMessage\\":\\"$RESPONSE\\",\\"errorType\\":\\"ShellError\\"}" > /dev/null
  fi
done
`;
