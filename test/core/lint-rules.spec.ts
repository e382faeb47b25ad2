import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function messages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => m.message);
}

describe("the clock lint rule", () => {
  it("forbids wall-clock reads and timers in services", async () => {
    for (const code of ["export const t = Date.now();", "export const d = new Date();", "setTimeout(() => {}, 10);", "setInterval(() => {}, 10);", "globalThis.setTimeout(() => {}, 1);"]) {
      expect(await messages(code, "src/dynamo/example.ts"), code).toContain(
        "Timers and wall-clock reads go through src/core/clock.ts so the virtual clock can drive them.",
      );
    }
  });

  it("allows dates built from a value, and everything in clock.ts", async () => {
    expect(await messages("export const d = new Date(0);", "src/dynamo/example.ts")).toEqual([]);
    expect(await messages("export const t = Date.now();", "src/core/clock.ts")).toEqual([]);
  });
});
