import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { operations } from "../../src/dynamo/operations/index.js";

describe("behaviour", () => {
  it("lists every operation file, one file per AWS operation", () => {
    const dir = fileURLToPath(new URL("../../src/dynamo/operations/", import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts").map((f) => f.slice(0, -3)).sort();
    const kebab = (name: string): string => name.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
    expect(operations.map((op) => kebab(op.name)).sort()).toEqual(files);
  });
});
