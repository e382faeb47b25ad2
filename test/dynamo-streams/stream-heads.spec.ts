/**
 * StreamHeads (the fields each stream's records share, stored once) when the write that first
 * names a stream is rolled back: its row goes with the transaction, so its id must not be
 * remembered — another stream may take it.
 */
import { describe, expect, it } from "vitest";
import { Store } from "../../src/core/db.js";
import type { DynamoItemChanged } from "../../src/core/events.js";
import { StreamHeads, streamHeadMigrations } from "../../src/dynamo/streams/heads.js";
import type { TableMeta } from "../../src/dynamo/table-meta.js";

const table = (name: string): TableMeta => ({ name, arn: `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`, streamLabel: "2026-12-07T00:00:00.000" }) as TableMeta;
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const idOf = (text: string): number => Number(/^\{"stream":(\d+),/.exec(text)![1]);

describe("stream heads", () => {
  it("forget a stream first named in a write that rolled back, and give the next stream its own fields", async () => {
    const store = new Store();
    store.migrate("dynamodb", streamHeadMigrations);
    const heads = new StreamHeads(store);
    expect(() =>
      store.txn(() => {
        heads.headText("000000000000", "us-east-1", table("lost"), "NEW_IMAGE");
        throw new Error("the write failed");
      }),
    ).toThrow("the write failed");
    await flush();
    // Another stream now takes the id the rolled-back row had.
    const other = heads.headText("000000000000", "us-east-1", table("other"), "KEYS_ONLY");
    const lost = heads.headText("000000000000", "us-east-1", table("lost"), "NEW_IMAGE");
    expect(idOf(lost)).not.toBe(idOf(other));
    const expand = (text: string): DynamoItemChanged => heads.expand(JSON.parse(`${text}INSERT"}`) as DynamoItemChanged);
    expect(expand(other)).toMatchObject({ tableName: "other", streamViewType: "KEYS_ONLY", streamArn: `${table("other").arn}/stream/2026-12-07T00:00:00.000` });
    expect(expand(lost)).toMatchObject({ tableName: "lost", streamViewType: "NEW_IMAGE" });
    store.close();
  });

  it("remember a stream first named in a write that committed", async () => {
    const store = new Store();
    store.migrate("dynamodb", streamHeadMigrations);
    const heads = new StreamHeads(store);
    const first = store.txn(() => heads.headText("000000000000", "us-east-1", table("kept"), "NEW_IMAGE"));
    await flush();
    store.raw.prepare("DELETE FROM ddb_stream_heads").run();
    // Remembered: no lookup, the same text (the row's deletion here only shows nothing was read again).
    expect(heads.headText("000000000000", "us-east-1", table("kept"), "NEW_IMAGE")).toBe(first);
    store.close();
  });
});
