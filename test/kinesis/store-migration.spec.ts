import { describe, expect, it } from "vitest";
import { Store } from "../../src/core/db.js";
import { KinesisStatements, migrations } from "../../src/kinesis/store.js";

describe("kinesis store migration 3 (data kept as base64 text)", () => {
  it("carries the records of a version-2 store over with their bytes, order and arrival", () => {
    const store = new Store();
    store.migrate("kinesis", migrations.filter((m) => m.version <= 2));
    const insert = store.raw.prepare("INSERT INTO kinesis_records (stream, shard_id, seq, arrival, partition_key, data) VALUES (?, ?, ?, ?, ?, ?)");
    const bytes = [Buffer.from("hello"), Buffer.from([0, 255, 1, 254]), Buffer.alloc(0)];
    bytes.forEach((b, i) => insert.run("arn:s", "shardId-000000000000", `49${String(i + 1).padStart(54, "0")}`, 1000 + i, `k${i}`, b));
    store.migrate("kinesis", migrations);
    const rows = new KinesisStatements(store).recordsAfterSeq("arn:s", "shardId-000000000000", "0", 0, 10);
    expect(rows.map((r) => [r.partition_key, r.arrival, [...r.data]])).toEqual(bytes.map((b, i) => [`k${i}`, 1000 + i, [...b]]));
    expect(store.raw.prepare("SELECT data64 FROM kinesis_records ORDER BY seq").pluck().all()).toEqual(["aGVsbG8=", "AP8B/g==", ""]);
  });
});
