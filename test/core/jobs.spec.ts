import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { ServiceEnv } from "../../src/core/service.js";
import { defineService, type ServiceManifest } from "../../src/core/service.js";
import { useServer } from "../helpers/index.js";

const ran: { name: string; at: number; attempt: number }[] = [];
let env: ServiceEnv | undefined;
let loads = 0;
let flakyFailures = 0;

/** A service with job kinds; it has no tables, so it loads only when a job of its needs running. */
const sleeper: ServiceManifest = {
  name: "sleeper",
  tablePrefix: "sleeper_",
  apis: [],
  async load() {
    loads++;
    return defineService({
      name: "sleeper",
      apis: [],
      start(e) {
        env = e;
        e.jobs.handle<{ name: string }>("wake", (payload, job) => {
          ran.push({ name: payload.name, at: e.clock.now(), attempt: job.attempt });
        });
        e.jobs.handle<{ name: string }>("flaky", (payload, job) => {
          ran.push({ name: payload.name, at: e.clock.now(), attempt: job.attempt });
          if (flakyFailures-- > 0) throw new Error("downstream unavailable");
        }, { maxAttempts: 4 });
      },
    });
  },
};

const logLines: string[] = [];
const logDestination = new Writable({
  write(chunk: Buffer, _enc, done) {
    logLines.push(...chunk.toString().split("\n").filter(Boolean));
    done();
  },
});
const ctx = useServer({ services: [sleeper], logLevel: "error", logDestination });

function jobsOf(owner: string) {
  return ctx.aws.server.jobs.forOwner(owner);
}

describe("durable jobs", () => {
  it("loads the owner of a due job and runs due jobs in due order under advance, each at its due time", async () => {
    const t0 = ctx.clock.now().getTime();
    const jobs = jobsOf("sleeper");
    ctx.aws.server.store.txn(() => {
      jobs.schedule("wake", { name: "third" }, { delayMs: 300 });
      jobs.schedule("wake", { name: "first" }, { delayMs: 100 });
      jobs.schedule("wake", { name: "second" }, { at: t0 + 200 });
      jobs.schedule("wake", { name: "second-too" }, { at: t0 + 200 });
    });
    await ctx.clock.advance(99);
    expect(ran).toEqual([]);
    expect(loads).toBe(0);
    await ctx.clock.advance(1000);
    expect(loads).toBe(1);
    expect(ran).toEqual([
      { name: "first", at: t0 + 100, attempt: 0 },
      { name: "second", at: t0 + 200, attempt: 0 },
      { name: "second-too", at: t0 + 200, attempt: 0 },
      { name: "third", at: t0 + 300, attempt: 0 },
    ]);
    expect(env!.jobs.pending("wake")).toEqual([]);
  });

  it("runs a job due now on settle, without moving the clock", async () => {
    ran.length = 0;
    env!.jobs.schedule("wake", { name: "now" });
    await ctx.aws.settle();
    expect(ran.map((r) => r.name)).toEqual(["now"]);
  });

  it("replaces a job scheduled again under the same key, and cancels by key", async () => {
    ran.length = 0;
    const t0 = ctx.clock.now().getTime();
    env!.jobs.schedule("wake", { name: "old" }, { delayMs: 50, key: "k" });
    env!.jobs.schedule("wake", { name: "new" }, { delayMs: 80, key: "k" });
    env!.jobs.schedule("wake", { name: "cancelled" }, { delayMs: 60, key: "c" });
    expect(env!.jobs.pending<{ name: string }>("wake").map((j) => j.payload.name)).toEqual(["cancelled", "new"]);
    expect(env!.jobs.cancel("wake", "c")).toBe(true);
    expect(env!.jobs.cancel("wake", "c")).toBe(false);
    await ctx.clock.advance(100);
    expect(ran).toEqual([{ name: "new", at: t0 + 80, attempt: 0 }]);
  });

  it("retries a job that throws with backoff, logging each failure, and abandons it (logged) after maxAttempts", async () => {
    ran.length = 0;
    logLines.length = 0;
    flakyFailures = 2;
    const t0 = ctx.clock.now().getTime();
    env!.jobs.schedule("flaky", { name: "retried" });
    await ctx.clock.advance(10_000);
    expect(ran).toEqual([
      { name: "retried", at: t0, attempt: 0 },
      { name: "retried", at: t0 + 1000, attempt: 1 },
      { name: "retried", at: t0 + 3000, attempt: 2 },
    ]);
    const failed = logLines.map((l) => JSON.parse(l) as { msg: string; kind: string; attempt: number; err: { message: string } }).filter((l) => l.msg === "job failed; retrying");
    expect(failed.map((l) => [l.kind, l.attempt, l.err.message])).toEqual([
      ["flaky", 1, "downstream unavailable"],
      ["flaky", 2, "downstream unavailable"],
    ]);

    ran.length = 0;
    logLines.length = 0;
    flakyFailures = 10;
    env!.jobs.schedule("flaky", { name: "hopeless" });
    await ctx.clock.advance(60_000);
    expect(ran.map((r) => r.attempt)).toEqual([0, 1, 2, 3]);
    expect(logLines.some((l) => (JSON.parse(l) as { msg: string }).msg === "job failed for the last time; abandoned")).toBe(true);
    expect(env!.jobs.pending("flaky")).toEqual([]);
  });

  it("keeps jobs in snapshots and drops them on reset", async () => {
    ran.length = 0;
    env!.jobs.schedule("wake", { name: "kept" }, { delayMs: 500 });
    const id = await ctx.aws.snapshot();
    env!.jobs.cancel("wake", env!.jobs.pending("wake")[0]!.id);
    await ctx.aws.restore(id);
    await ctx.clock.advance(500);
    expect(ran.map((r) => r.name)).toEqual(["kept"]);
    env!.jobs.schedule("wake", { name: "reset-away" }, { delayMs: 10 });
    await ctx.aws.reset();
    await ctx.clock.advance(100);
    expect(ran.map((r) => r.name)).toEqual(["kept"]);
  });
});
