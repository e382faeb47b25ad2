import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { service } from "../../src/logs/index.js";
import { operations } from "../../src/logs/operations/index.js";

describe("operations list", () => {
  describe("behaviour", () => {
    it("lists one operation per file in src/logs/operations", () => {
      const dir = fileURLToPath(new URL("../../src/logs/operations/", import.meta.url));
      const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "index.ts");
      const kebab = (name: string): string => name.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
      expect(operations.map((op) => `${kebab(op.name)}.ts`).sort()).toEqual(files.sort());
    });

    it("serves every listed operation through the one awsJson1_1 API", () => {
      expect(service.apis).toHaveLength(1);
      expect(service.apis[0]!.protocol).toBe("awsJson1_1");
      expect(service.apis[0]!.operations.map((op) => op.name)).toEqual(operations.map((op) => op.name));
    });
  });
});
