import { CreateFunctionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { rawRequest, uniqueName, useServer } from "../helpers/index.js";
import { bundledPackages, createFn, decode, ROLE, zipBytes } from "./fixtures.js";

const ctx = useServer();
const lambda = (): LambdaClient => ctx.client(LambdaClient);

async function coldStarts(name: string): Promise<number> {
  const m = JSON.parse((await rawRequest(ctx.endpoint, { path: "/_local/lambda/metrics" })).body.toString()) as { functions: { functionName: string; coldStarts: number }[] };
  return m.functions.find((f) => f.functionName === name)?.coldStarts ?? 0;
}

describe("behaviour", () => {
  it("reaps an environment idle for 5 minutes on the clock; the next invocation starts cold", async () => {
    const name = await createFn(lambda(), `let n = 0; exports.handler = async () => ++n;`);
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toBe(1);
    await ctx.clock.advance(299_000);
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toBe(2);
    await ctx.clock.advance(300_000);
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toBe(1);
    expect(await coldStarts(name)).toBe(2);
  });

  it("gives every environment its own temporary directory", async () => {
    const name = await createFn(
      lambda(),
      `const fs = require("fs"); const os = require("os"); const path = require("path"); exports.handler = async (e) => { await new Promise(r => setTimeout(r, 100)); const f = path.join(os.tmpdir(), "mine.txt"); const before = fs.existsSync(f); fs.writeFileSync(f, "x"); return { dir: os.tmpdir(), before }; };`,
    );
    const [a, b] = await Promise.all([1, 2].map(() => lambda().send(new InvokeCommand({ FunctionName: name }))));
    const ra = decode(a!.Payload) as { dir: string; before: boolean };
    const rb = decode(b!.Payload) as { dir: string; before: boolean };
    expect(ra.dir).not.toBe(rb.dir);
    expect([ra.before, rb.before]).toEqual([false, false]);
    const again = decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload) as { dir: string; before: boolean };
    expect(again.before).toBe(true);
  });

  it("loads the sharp native addon bundled in the zip, also in a new environment after a reap", async () => {
    const name = uniqueName("sharp");
    await lambda().send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs20.x",
        Role: ROLE,
        Handler: "index.handler",
        Timeout: 30,
        MemorySize: 512,
        Code: {
          ZipFile: zipBytes({
            ...bundledPackages(["sharp"]),
            "index.js": `const sharp = require("sharp"); exports.handler = async () => { const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: "red" } }).png().toBuffer(); const out = await sharp(png).resize(10).png().toBuffer(); const meta = await sharp(out).metadata(); return { width: meta.width, height: meta.height, format: meta.format }; };`,
          }),
        },
      }),
    );
    const expected = { width: 10, height: 5, format: "png" };
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toEqual(expected);
    await ctx.clock.advance(301_000);
    const again = await lambda().send(new InvokeCommand({ FunctionName: name }));
    expect(again.FunctionError).toBeUndefined();
    expect(decode(again.Payload)).toEqual(expected);
  });

  it("keeps serving other functions while one loops forever", async () => {
    const looping = await createFn(lambda(), `exports.handler = async () => { for (;;) {} };`, { Timeout: 2 });
    const quick = await createFn(lambda(), `exports.handler = async () => "fast";`);
    const stuck = lambda().send(new InvokeCommand({ FunctionName: looping }));
    const started = performance.now();
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: quick }))).Payload)).toBe("fast");
    expect(performance.now() - started).toBeLessThan(1500);
    const res = await stuck;
    expect(decode(res.Payload)).toMatchObject({ errorType: "Sandbox.Timedout" });
  });

  it("fails an invocation whose handler leaves an unhandled rejection and recovers", async () => {
    const name = await createFn(lambda(), `exports.handler = async (e) => { if (e.reject) { Promise.reject(new Error("lost")); await new Promise(r => setTimeout(r, 50)); } return "ok"; };`);
    const res = await lambda().send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"reject":true}') }));
    expect(res.FunctionError).toBe("Unhandled");
    expect(decode(res.Payload)).toMatchObject({ errorType: "Runtime.UnhandledPromiseRejection", errorMessage: "Error: lost" });
    expect(decode((await lambda().send(new InvokeCommand({ FunctionName: name }))).Payload)).toBe("ok");
  });
});
