/** What the scenario specs share: making functions from source (optionally with npm packages bundled in the zip), as a user would. */
import { CreateFunctionCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { strToU8, zipSync } from "fflate";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { uniqueName } from "../helpers/index.js";

export const ROLE = "arn:aws:iam::000000000000:role/scenario";

/** The files of npm packages and their dependencies, from this project's node_modules, as a zip would carry them. */
export function packages(names: string[]): Record<string, Uint8Array> {
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

/** Creates a Node.js 20 function from `index.js` source (plus bundled files); returns its name and ARN. */
export async function createFunction(
  lambda: LambdaClient,
  source: string,
  extra: { files?: Record<string, Uint8Array>; env?: Record<string, string>; timeout?: number; memory?: number; name?: string } = {},
): Promise<{ name: string; arn: string }> {
  const name = extra.name ?? uniqueName("fn");
  const attrs = { os: 3, attrs: ((0o100000 | 0o644) << 16) >>> 0 };
  const files = { ...extra.files, "index.js": strToU8(source) };
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, attrs]])), { level: 0 });
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs20.x",
      Role: ROLE,
      Handler: "index.handler",
      Code: { ZipFile: zip },
      Timeout: extra.timeout ?? 10,
      MemorySize: extra.memory ?? 256,
      Environment: { Variables: extra.env ?? {} },
    }),
  );
  return { name, arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}` };
}
