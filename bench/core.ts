/** Core figures: start-up to first served request and idle RSS, local-aws vs a bare fastify server. */
import { realTime } from "../src/core/clock.js";
import { rssMb, startTarget } from "./targets.js";

export async function runCore(rounds: number): Promise<void> {
  console.log("\n## core: start-up to first served request, idle RSS (fresh process each round)");
  const figures: Record<string, { startup: number[]; rss: number[] }> = { "local-aws": { startup: [], rss: [] }, noop: { startup: [], rss: [] } };
  for (let round = 0; round < Math.max(rounds, 5); round++) {
    for (const kind of round % 2 === 0 ? (["local-aws", "noop"] as const) : (["noop", "local-aws"] as const)) {
      const t = await startTarget(kind);
      figures[kind]!.startup.push(t.startupMs);
      for (let i = 0; i < 20; i++) await (await fetch(kind === "local-aws" ? `${t.endpoint}/_local/health` : t.endpoint)).arrayBuffer();
      await realTime.sleep(1000);
      figures[kind]!.rss.push(rssMb(t.pid));
      await t.stop();
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const [kind, f] of Object.entries(figures)) {
    console.log(`  ${kind.padEnd(10)} start-up median ${median(f.startup).toFixed(0)} ms (${f.startup.map((x) => x.toFixed(0)).join(", ")}); idle RSS median ${median(f.rss).toFixed(1)} MB`);
  }
  const l = figures["local-aws"]!;
  const n = figures.noop!;
  console.log(`  start-up ratio local-aws/noop = ${(median(l.startup) / median(n.startup)).toFixed(2)}x (goal ≤ 1.5x); idle RSS ratio = ${(median(l.rss) / median(n.rss)).toFixed(2)}x (goal ≤ 1.5x)`);
}
