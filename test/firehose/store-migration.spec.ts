import { describe, expect, it } from "vitest";
import { Store } from "../../src/core/db.js";
import { bodyOf, bufferBase64, recordsOf, release, takeRows } from "../../src/firehose/buffered.js";
import type { FirehoseState } from "../../src/firehose/state.js";
import { FirehoseStatements, migrations } from "../../src/firehose/store.js";

const ARN = "arn:aws:firehose:us-east-1:000000000000:deliverystream/s";

/** The store-backed part of the service's state (the buffer functions read only `sql` and `env.store`). */
function stateOf(store: Store): FirehoseState {
  return { sql: new FirehoseStatements(store), env: { store } as unknown as FirehoseState["env"], bufferedBytes: new Map(), flushing: new Map() };
}

describe("firehose store migration 2 (a PutRecordBatch buffered as one row)", () => {
  it("delivers the one-record rows of a version-1 store, then a batch row after them, cut where the size limit falls", () => {
    const store = new Store();
    store.migrate("firehose", migrations.filter((m) => m.version <= 1));
    const insert = store.raw.prepare("INSERT INTO firehose_buffer (stream, record_id, arrival, data, kinesis) VALUES (?, ?, ?, ?, NULL)");
    insert.run(ARN, "old-1", 1000, Buffer.from("ab"));
    insert.run(ARN, "old-2", 1001, Buffer.from([0, 255]));
    store.migrate("firehose", migrations);
    const state = stateOf(store);
    const { ids, bytes } = bufferBase64(state, ARN, 2000, ["Y2Q=", "ZWY=", "Z2g="].map((Data) => ({ Data })));
    expect([ids.length, bytes]).toEqual([3 * 56, 6]);

    // 7 bytes: the two old records and the batch's first three bytes → its first record only.
    const first = takeRows(state, ARN, 7);
    expect([...bodyOf(state, ARN, first, false)]).toEqual([..."ab", 0, 255, ..."cd"].map((c) => (typeof c === "string" ? c.charCodeAt(0) : c)));
    expect(recordsOf(state, ARN, first).map((r) => [r.record_id, r.arrival])).toEqual([["old-1", 1000], ["old-2", 1001], [ids.slice(0, 56), 2000]]);
    release(state, ARN, first);

    const rest = takeRows(state, ARN, 100);
    expect(bodyOf(state, ARN, rest, true).toString()).toBe("ef\ngh\n");
    expect(recordsOf(state, ARN, rest).map((r) => r.record_id)).toEqual([ids.slice(56, 112), ids.slice(112)]);
    release(state, ARN, rest);
    expect(takeRows(state, ARN, 100)).toEqual([]);
  });
});
