import { describe, expect, it } from "vitest";
import { EventBus } from "../../src/core/bus.js";
import type { QueueMessageSent } from "../../src/core/events.js";

const sent: QueueMessageSent = { accountId: "000000000000", region: "us-east-1", queueArn: "arn:q", queueUrl: "http://x/q", messageId: "m1" };

describe("EventBus", () => {
  it("delivers published facts to every subscriber, asynchronously", async () => {
    const bus = new EventBus();
    const got: string[] = [];
    bus.subscribe("queue.MessageSent", (e) => void got.push(`a:${e.messageId}`));
    const unsubscribe = bus.subscribe("queue.MessageSent", (e) => void got.push(`b:${e.messageId}`));
    bus.publish("queue.MessageSent", sent);
    expect(got).toEqual([]);
    await bus.idle();
    expect(got).toEqual(["a:m1", "b:m1"]);
    unsubscribe();
    bus.publish("queue.MessageSent", { ...sent, messageId: "m2" });
    await bus.idle();
    expect(got).toEqual(["a:m1", "b:m1", "a:m2"]);
  });

  it("idle() waits for handlers' async work and for work they publish in turn", async () => {
    const bus = new EventBus();
    const done: string[] = [];
    bus.subscribe("queue.MessageSent", async (e) => {
      await new Promise((r) => setImmediate(r));
      if (e.messageId === "first") bus.publish("queue.MessageSent", { ...sent, messageId: "second" });
      done.push(e.messageId);
    });
    bus.publish("queue.MessageSent", { ...sent, messageId: "first" });
    await bus.idle();
    expect(done).toEqual(["first", "second"]);
  });

  it("isolates a failing handler and reports it", async () => {
    const errors: unknown[] = [];
    const bus = new EventBus((err) => errors.push(err));
    const got: string[] = [];
    bus.subscribe("queue.MessageSent", () => {
      throw new Error("handler bug");
    });
    bus.subscribe("queue.MessageSent", (e) => void got.push(e.messageId));
    bus.publish("queue.MessageSent", sent);
    await bus.idle();
    expect(got).toEqual(["m1"]);
    expect(String(errors[0])).toContain("handler bug");
  });

  it("asks settle hooks until none has work left", async () => {
    const bus = new EventBus();
    let queue = 3;
    bus.onSettle(() => (queue > 0 ? (queue--, true) : false));
    await bus.idle();
    expect(queue).toBe(0);
  });

  it("counts tracked promises as pending", async () => {
    const bus = new EventBus();
    let finished = false;
    bus.track(new Promise<void>((r) => setImmediate(() => ((finished = true), r()))));
    await bus.idle();
    expect(finished).toBe(true);
  });
});
