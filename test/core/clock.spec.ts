import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { startLocalAws } from "../../src/index.js";
import { fakeManifest } from "../helpers/fake-services.js";
import { adminCall, uniqueName, useServer } from "../helpers/index.js";

describe("ManualClock", () => {
  it("fires due timers in time order with now() at each due time", async () => {
    const clock = new ManualClock(1_000);
    const fired: [string, number][] = [];
    clock.setTimer(1_300, () => void fired.push(["c", clock.now()]));
    clock.setTimer(1_100, () => void fired.push(["a", clock.now()]));
    clock.setTimer(1_200, () => {
      fired.push(["b", clock.now()]);
      clock.setTimer(1_250, () => void fired.push(["b2", clock.now()]));
    });
    clock.setTimer(5_000, () => void fired.push(["late", clock.now()]));
    await clock.advance(300);
    expect(fired).toEqual([
      ["a", 1_100],
      ["b", 1_200],
      ["b2", 1_250],
      ["c", 1_300],
    ]);
    expect(clock.now()).toBe(1_300);
    expect(clock.pendingTimers()).toBe(1);
  });

  it("does not fire cancelled timers and keeps equal due times in insertion order", async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimer(10, () => void fired.push("first"));
    const t = clock.setTimer(10, () => void fired.push("cancelled"));
    clock.setTimer(10, () => void fired.push("second"));
    t.cancel();
    await clock.advance(10);
    expect(fired).toEqual(["first", "second"]);
  });

  it("resolves sleepUntil when time passes it", async () => {
    const clock = new ManualClock(0);
    let woke = -1;
    const sleeping = clock.sleepUntil(500).then(() => (woke = clock.now()));
    await clock.advance(499);
    expect(woke).toBe(-1);
    await clock.advance(1);
    await sleeping;
    expect(woke).toBe(500);
  });

  it("serialises concurrent advances", async () => {
    const clock = new ManualClock(0);
    const seen: number[] = [];
    clock.setTimer(100, () => void seen.push(clock.now()));
    clock.setTimer(200, () => void seen.push(clock.now()));
    await Promise.all([clock.advance(150), clock.advance(100)]);
    expect(seen).toEqual([100, 200]);
    expect(clock.now()).toBe(250);
  });
});

describe("virtual clock over HTTP", () => {
  const ctx = useServer({ services: [fakeManifest] });

  it("reports the time and that it is virtual", async () => {
    const { status, json } = await adminCall(ctx.endpoint, "GET", "/_local/clock");
    expect(status).toBe(200);
    expect(json.virtual).toBe(true);
    expect(Date.parse(json.now as string)).toBe(ctx.clock.now().getTime());
  });

  it("fires service timers when advanced, at their due time", async () => {
    const ddb = ctx.client(DynamoDBClient);
    const name = uniqueName("t");
    const created = await ddb.send(new CreateTableCommand({ TableName: name, KeySchema: [], AttributeDefinitions: [] }));
    const createdAt = created.TableDescription!.CreationDateTime!.getTime();
    await adminCall(ctx.endpoint, "POST", "/_local/clock", { advanceMs: 59_000 });
    expect((await ddb.send(new DescribeTableCommand({ TableName: name }))).Table?.TableStatus).toBe("CREATING");
    const { json } = await adminCall(ctx.endpoint, "POST", "/_local/clock", { advanceMs: 2_000 });
    expect(Date.parse(json.now as string)).toBe(createdAt + 61_000);
    const table = (await ddb.send(new DescribeTableCommand({ TableName: name }))).Table!;
    expect(table.TableStatus).toBe("ACTIVE");
    expect(table.CreationDateTime?.getTime()).toBe(createdAt + 60_000);
  });

  it("jumps to an ISO time with set", async () => {
    const { status, json } = await adminCall(ctx.endpoint, "POST", "/_local/clock", { set: "2031-01-02T03:04:05.000Z" });
    expect(status).toBe(200);
    expect(json.now).toBe("2031-01-02T03:04:05.000Z");
    expect(ctx.clock.now().toISOString()).toBe("2031-01-02T03:04:05.000Z");
  });

  it("rejects a body that names no move", async () => {
    const { status, json } = await adminCall(ctx.endpoint, "POST", "/_local/clock", { advanceMs: "soon" });
    expect(status).toBe(400);
    expect(json.error).toBe("LA_ERR_BAD_BODY");
  });
});

describe("real clock", () => {
  it("reports virtual false and refuses to move", async () => {
    const aws = await startLocalAws({ port: 0, inMemory: true, services: [fakeManifest], logLevel: "silent" });
    try {
      const before = Date.now();
      const { json } = await adminCall(aws.endpoint, "GET", "/_local/clock");
      expect(json.virtual).toBe(false);
      expect(Math.abs(Date.parse(json.now as string) - before)).toBeLessThan(5_000);
      const moved = await adminCall(aws.endpoint, "POST", "/_local/clock", { advanceMs: 10 });
      expect(moved.status).toBe(400);
      expect(moved.json.error).toBe("LA_ERR_NOT_VIRTUAL");
      await expect(aws.clock.advance(10)).rejects.toThrow(/LA_ERR_NOT_VIRTUAL/);
    } finally {
      await aws.stop();
    }
  });
});
