/**
 * The retention pass runs once a second on the append path: what it reads of the log must not grow
 * with the log (24 hours of stream records can be millions of rows).
 */
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { LOG_BOUNDS_SQL } from "../../src/core/log/retention.js";

describe("the log's retention pass", () => {
  it("reads the log's first and last seq from its ends, without scanning it", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE core_log (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, part TEXT, at INTEGER NOT NULL, payload TEXT NOT NULL)");
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${LOG_BOUNDS_SQL}`).all() as { detail: string }[]).map((r) => r.detail);
    expect(plan.filter((d) => /core_log/.test(d))).toEqual(["SEARCH core_log", "SEARCH core_log"]);
    // The single-SELECT form this replaced scans the whole table.
    expect((db.prepare("EXPLAIN QUERY PLAN SELECT min(seq) AS lo, max(seq) AS hi FROM core_log").all() as { detail: string }[]).map((r) => r.detail)).toEqual(["SCAN core_log"]);
    const insert = db.prepare("INSERT INTO core_log VALUES (?, 'k', NULL, 0, '')");
    for (const seq of [7, 3, 11]) insert.run(seq);
    expect(db.prepare(LOG_BOUNDS_SQL).get()).toEqual({ lo: 3, hi: 11 });
    db.close();
  });
});
