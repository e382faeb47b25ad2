import { expect, it } from "vitest";
import { useServer } from "../helpers/index.js";
import { describeFailure, fuzzApis, runFuzz } from "./harness.js";

// The quick pass of the fuzzer (issue 14): a few thousand malformed requests across every service
// and protocol; any 5xx, hang or dropped connection fails, with the request that caused it.
// `npm run fuzz` runs the long pass (100,000 requests).
const ctx = useServer();

it("answers every malformed request with a 4xx (or a success), never a 5xx, a hang or a dropped connection", { timeout: 180_000 }, async () => {
  const apis = await fuzzApis(ctx.aws.server);
  expect(apis.map((a) => a.protocol).sort()).toEqual(expect.arrayContaining(["awsJson1_0", "awsJson1_1", "awsQuery", "restJson1", "restXml"]));
  const report = await runFuzz({ endpoint: ctx.endpoint, apis, count: Number(process.env.FUZZ_QUICK_COUNT ?? 3000), seed: Number(process.env.FUZZ_SEED ?? 14), concurrency: 4, timeoutMs: 20_000 });
  expect(report.failures.map(describeFailure)).toEqual([]);
  expect(report.alive).toBe(true);
  expect(report.sent).toBeGreaterThan(2500);
});
