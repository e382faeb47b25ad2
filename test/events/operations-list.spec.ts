import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { service as streamsService } from "../../src/dynamo/streams/index.js";
import { service } from "../../src/events/index.js";

/** Every operation exported by the files of `dir` (a file may hold a few closely related ones). */
async function exportedOperations(dir: string): Promise<string[]> {
  const path = fileURLToPath(new URL(dir, import.meta.url));
  const names: string[] = [];
  for (const file of readdirSync(path).filter((f) => f.endsWith(".ts") && f !== "index.ts" && f !== "checks.ts")) {
    const mod = (await import(`${path}${file}`)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      const op = value as { name?: unknown; handle?: unknown };
      if (op && typeof op === "object" && typeof op.name === "string" && typeof op.handle === "function") names.push(op.name);
    }
  }
  return names.sort();
}

describe("operations lists", () => {
  it("serves every EventBridge operation defined under src/events/operations", async () => {
    const api = service.apis.find((a) => a.id === "events")!;
    expect(api.operations.map((op) => op.name).sort()).toEqual(await exportedOperations("../../src/events/operations/"));
  });
  it("serves every Scheduler operation defined under src/events/scheduler/operations, with HTTP bindings", async () => {
    const api = service.apis.find((a) => a.id === "scheduler")!;
    expect(api.operations.map((op) => op.name).sort()).toEqual(await exportedOperations("../../src/events/scheduler/operations/"));
    expect(api.operations.every((op) => op.http !== undefined)).toBe(true);
  });
  it("serves every DynamoDB Streams operation defined under src/dynamo/streams/operations", async () => {
    expect(streamsService.apis[0]!.operations.map((op) => op.name).sort()).toEqual(await exportedOperations("../../src/dynamo/streams/operations/"));
  });
});
