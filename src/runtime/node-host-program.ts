/**
 * Where the Node.js host program (node-host/main.cts and its modules) is for this emulator: in
 * the package, compiled by tsc beside this file (dist/runtime/node-host/main.cjs); run from
 * source (tests), its .cts/.mts files transpiled once per content into the temporary directory
 * (TypeScript, a development dependency). Either way the host runs from a directory without a
 * package.json of ours above its modules' own.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

type TypeScript = typeof import("typescript");

let entry: string | undefined;

/** The host program's entry file (main.cjs). */
export function nodeHostEntry(): string {
  if (entry) return entry;
  const dir = fileURLToPath(new URL("./node-host/", import.meta.url));
  const compiled = join(dir, "main.cjs");
  entry = existsSync(compiled) ? compiled : transpiled(dir);
  return entry;
}

function transpiled(dir: string): string {
  const sources = readdirSync(dir).filter((f) => f.endsWith(".cts") || f.endsWith(".mts")).sort();
  const hash = createHash("sha256");
  const texts = sources.map((f) => {
    const text = readFileSync(join(dir, f), "utf8");
    hash.update(f).update("\0").update(text).update("\0");
    return text;
  });
  const out = join(tmpdir(), `local-aws-node-host-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(join(out, "main.cjs"))) return join(out, "main.cjs");
  const ts = createRequire(import.meta.url)("typescript") as TypeScript;
  const staging = mkdtempSync(`${out}-`);
  sources.forEach((f, i) => {
    const commonJs = f.endsWith(".cts");
    const { outputText } = ts.transpileModule(texts[i]!, {
      fileName: f,
      // NodeNext: the file extension decides CommonJS or ESM, and import() stays an import (as tsc emits it).
      compilerOptions: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    writeFileSync(join(staging, f.slice(0, -4) + (commonJs ? ".cjs" : ".mjs")), outputText);
  });
  try {
    renameSync(staging, out);
  } catch {
    // Another process transpiled the same sources first.
    rmSync(staging, { recursive: true, force: true });
  }
  return join(out, "main.cjs");
}
