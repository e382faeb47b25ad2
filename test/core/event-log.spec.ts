import { describe, expect, it } from "vitest";
import type { Fact } from "../../src/core/log/service-event-log.js";
import type { Facts } from "../../src/core/log/facts.js";
import { defineService, type ServiceManifest } from "../../src/core/service.js";
import { useServer } from "../helpers/index.js";

type Note = Facts["s3.NotificationMatched"];

const received: Fact<"s3.NotificationMatched">[] = [];
/** What the consumer that accepts only buckets named "picky…" was handed. */
const handedToPicky: string[] = [];
let loads = 0;
let failures = 0;

/** A service that is only a consumer: declared in its manifest, started by the first fact. */
const listener: ServiceManifest = {
  name: "listener",
  tablePrefix: "listener_",
  apis: [],
  consumes: { inbox: ["s3.NotificationMatched"] },
  async load() {
    loads++;
    return defineService({
      name: "listener",
      apis: [],
      start(env) {
        env.eventLog.consume({
          name: "inbox",
          kinds: ["s3.NotificationMatched"],
          handle(fact) {
            if (fact.payload.bucket === "flaky" && failures++ < 2) throw new Error("target not ready");
            received.push(fact);
          },
        });
        env.eventLog.consume({
          name: "picky",
          kinds: ["s3.NotificationMatched"],
          accepts: (payload) => payload.bucket.startsWith("picky"),
          handle(fact) {
            handedToPicky.push(fact.payload.bucket);
          },
        });
      },
    });
  },
};

const ctx = useServer({ services: [listener] });

function note(bucket: string, n: number): Note {
  return { accountId: "000000000000", region: "us-east-1", bucket, targetType: "sqs", targetArn: "arn:aws:sqs:us-east-1:000000000000:q", message: { n } };
}

function append(bucket: string, n: number, partition?: string): number {
  const server = ctx.aws.server;
  return server.store.txn(() => server.eventLog.append("s3.NotificationMatched", note(bucket, n), partition));
}

describe("the durable event log", () => {
  it("delivers a fact written while its consumer's service was not loaded, loading it, in commit order", async () => {
    expect(ctx.aws.server.registry.loadedService("listener")).toBeUndefined();
    const seqs = [append("a", 1, "p1"), append("a", 2, "p2"), append("a", 3, "p1")];
    await ctx.aws.settle();
    expect(loads).toBe(1);
    expect(received.map((f) => f.payload.message)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(received.map((f) => f.seq)).toEqual(seqs);
    expect(received.map((f) => f.partition)).toEqual(["p1", "p2", "p1"]);
    expect(received[0]!.at).toBe(ctx.clock.now().getTime());
  });

  it("has no fact when the transaction that appended it rolled back", async () => {
    received.length = 0;
    const server = ctx.aws.server;
    expect(() =>
      server.store.txn(() => {
        server.eventLog.append("s3.NotificationMatched", note("rolled-back", 1));
        throw new Error("the change failed");
      }),
    ).toThrow("the change failed");
    append("kept", 2);
    await ctx.aws.settle();
    expect(received.map((f) => f.payload.bucket)).toEqual(["kept"]);
  });

  it("retries a failing fact with backoff on the clock and holds later facts back, keeping order", async () => {
    received.length = 0;
    append("flaky", 1);
    append("after", 2);
    await ctx.aws.settle();
    expect(received).toEqual([]);
    await ctx.clock.advance(999);
    expect(received).toEqual([]);
    await ctx.clock.advance(1);
    expect(received).toEqual([]);
    await ctx.clock.advance(2000);
    expect(received.map((f) => f.payload.bucket)).toEqual(["flaky", "after"]);
    expect(failures).toBe(3);
  });

  it("drops delivered facts of a kind kept only until consumed", async () => {
    const server = ctx.aws.server;
    append("compact", 1);
    await ctx.aws.settle();
    await ctx.clock.advance(1000);
    append("compact", 2);
    await ctx.aws.settle();
    // The second append found the first delivered and dropped it (at most once a second of clock time).
    expect(server.eventLog.read(["s3.NotificationMatched"], 0, 100).map((f) => f.payload.message)).toEqual([{ n: 2 }]);
    expect(received.slice(-2).map((f) => f.payload.message)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("drops facts older than their kind's retention (24 hours for stream records) whether read or not", async () => {
    const server = ctx.aws.server;
    const change = (n: number) => server.store.txn(() => server.eventLog.append("dynamo.ItemChanged", { n } as never));
    const first = change(1);
    await ctx.clock.advance(24 * 3_600_000 - 1000);
    change(2);
    expect(server.eventLog.read(["dynamo.ItemChanged"], 0, 10).map((f) => f.seq)).toEqual([first, first + 1]);
    await ctx.clock.advance(1001);
    const third = change(3);
    expect(server.eventLog.read(["dynamo.ItemChanged"], 0, 10).map((f) => f.seq)).toEqual([first + 1, third]);
  });

  it("passes a caught-up consumer over facts it does not accept, and never over one appended after them", async () => {
    const server = ctx.aws.server;
    const checkpoint = () => server.store.raw.prepare("SELECT checkpoint FROM core_log_consumers WHERE name = 'listener.picky'").pluck().get() as number;
    await ctx.aws.settle();
    handedToPicky.length = 0;
    append("other", 1);
    const wanted = append("picky-1", 2);
    await ctx.aws.settle();
    const last = append("other", 3);
    await ctx.aws.settle();
    expect(handedToPicky).toEqual(["picky-1"]);
    expect(checkpoint()).toBe(last);
    expect(last).toBeGreaterThan(wanted);
    // A fact passed in a transaction that rolled back: its seq is never handed out again.
    expect(() =>
      server.store.txn(() => {
        append("other", 4);
        throw new Error("the change failed");
      }),
    ).toThrow("the change failed");
    append("picky-2", 5);
    await ctx.aws.settle();
    expect(handedToPicky).toEqual(["picky-1", "picky-2"]);
  });

  it("takes the log and checkpoints into snapshots: a restore redelivers what followed the snapshot", async () => {
    received.length = 0;
    const id = await ctx.aws.snapshot();
    append("after-snapshot", 1);
    await ctx.aws.settle();
    expect(received.map((f) => f.payload.bucket)).toEqual(["after-snapshot"]);
    await ctx.aws.restore(id);
    append("after-restore", 2);
    await ctx.aws.settle();
    expect(received.map((f) => f.payload.bucket)).toEqual(["after-snapshot", "after-restore"]);
    await ctx.aws.reset();
    expect(ctx.aws.server.eventLog.read(["s3.NotificationMatched"], 0, 10)).toEqual([]);
    append("after-reset", 3);
    await ctx.aws.settle();
    expect(received.at(-1)!.payload.bucket).toBe("after-reset");
  });
});
