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

describe("the service boundary lint rule", () => {
  const crossService = "src/s3 must not import src/queue: services meet through src/core (ports.ts, the event log, the bus)";

  it("fails on a service importing another service's files, however the import is written", async () => {
    expect(await messages('import { sendMessages } from "../queue/sqs/send.js";\nexport const f = sendMessages;', "src/s3/example.ts")).toEqual([crossService]);
    expect(await messages('export { queueForArn } from "../../queue/sqs/queues.js";', "src/s3/operations/example.ts")).toEqual([crossService]);
    expect(await messages('export const load = () => import("../queue/index.js");', "src/s3/example.ts")).toEqual([crossService]);
  });

  it("fails on core importing a service or the service list", async () => {
    expect(await messages('import type { Queue } from "../queue/sqs/model.js";\nexport type Q = Queue;', "src/core/example.ts")).toEqual(["src/core must not import src/queue: core imports no service"]);
    expect(await messages('import { builtinServices } from "../../services.js";\nexport const s = builtinServices;', "src/core/log/example.ts")).toEqual([
      "src/core must not import src/services.js: it wires every service together",
    ]);
  });

  it("allows a service its own files and core, and the top-level wiring every service", async () => {
    expect(await messages('import { EventBus } from "../core/bus.js";\nimport { stateOf } from "./state.js";\nexport const x = [EventBus, stateOf];', "src/queue/example.ts")).toEqual([]);
    expect(await messages('import { queueManifest } from "./queue/manifest.js";\nexport const m = queueManifest;', "src/services.ts")).toEqual([]);
  });
});
