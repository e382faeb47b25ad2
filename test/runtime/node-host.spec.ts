/**
 * The Node.js host program is a real module (src/runtime/node-host/*.cts, type-checked and linted
 * with the rest): run from source it is transpiled once per content, and it loads nothing but
 * Node's built-ins and its own files (a host boots without the emulator's code).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { nodeHostEntry } from "../../src/runtime/node-host-program.js";

describe("the Node.js host program", () => {
  it("is one entry file with its sibling modules, each valid JavaScript, the same path every time", () => {
    const entry = nodeHostEntry();
    expect(entry.endsWith("main.cjs")).toBe(true);
    expect(nodeHostEntry()).toBe(entry);
    const files = readdirSync(dirname(entry)).filter((f) => f.endsWith(".cjs") || f.endsWith(".mjs"));
    expect(files).toEqual(expect.arrayContaining(["main.cjs", "state.cjs", "console.cjs", "loader.cjs", "invoke.cjs", "streaming.cjs", "resolve-hook.mjs"]));
    for (const f of files) expect(spawnSync(process.execPath, ["--check", join(dirname(entry), f)]).status, f).toBe(0);
  });

  it("imports only Node's built-ins and its own files", () => {
    const dir = dirname(nodeHostEntry());
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".cjs") || n.endsWith(".mjs"))) {
      const text = readFileSync(join(dir, f), "utf8");
      const specifiers = [...text.matchAll(/(?:require\(|from |import\()\s*"([^"]+)"/g)].map((m) => m[1]!);
      for (const s of specifiers) expect(s.startsWith("node:") || /^\.\/[a-z-]+\.(cjs|mjs)$/.test(s), `${f} imports ${s}`).toBe(true);
    }
  });
});
