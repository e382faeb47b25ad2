import { describe, expect, it } from "vitest";
import { BufferedBody, takeBufferedChunks } from "../../src/core/buffered-body.js";
import { Readable } from "node:stream";

async function readAll(stream: Readable): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of stream) out.push(chunk as Buffer);
  return Buffer.concat(out).toString();
}

describe("BufferedBody", () => {
  it("streams its chunks in order to a reader", async () => {
    expect(await readAll(new BufferedBody([Buffer.from("ab"), Buffer.from("cd")]))).toBe("abcd");
  });

  it("hands its chunks to one taker, after which the stream ends empty", async () => {
    const parts = [Buffer.from("ab"), Buffer.from("cd")];
    const body = new BufferedBody(parts);
    expect(takeBufferedChunks(body)).toEqual(parts);
    expect(takeBufferedChunks(body)).toBeUndefined();
    expect(await readAll(body)).toBe("");
  });

  it("gives no chunks once reading has started, nor for any other stream", async () => {
    const body = new BufferedBody([Buffer.from("ab")]);
    expect(await readAll(body)).toBe("ab");
    expect(takeBufferedChunks(body)).toBeUndefined();
    expect(takeBufferedChunks(Readable.from([Buffer.from("x")]))).toBeUndefined();
  });
});
