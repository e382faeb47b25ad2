/**
 * Records as they wait in firehose_buffer. PutRecord and a Kinesis source buffer one row per record;
 * PutRecordBatch buffers one row per call (its records' data joined, their lengths alongside, their
 * ids joined), so a 500-record batch costs one insert, and a delivery joins a few large rows
 * instead of one per record. A delivery takes whole rows up to its size limit, and at most the
 * first records of the next row; those records are then cut off that row (`release`).
 */
import { randomBytes } from "node:crypto";
import type { FirehoseState } from "./state.js";
import type { RowHead } from "./store.js";

/** Record ids are 42 random bytes in base64url: 56 characters, so the ids of one row are joined without a separator. */
const ID_BYTES = 42;
const ID_LENGTH = 56;
const NEWLINE = Buffer.from("\n");
/** Rows read by one delivery at most. */
const MAX_ROWS = 100_000;

export function recordId(): string {
  return randomBytes(ID_BYTES).toString("base64url");
}

/** The ids of `n` records, joined (one draw of random bytes: a crypto call per record cost more than its insert). */
export function joinedRecordIds(n: number): string {
  return randomBytes(ID_BYTES * n).toString("base64url");
}

/** The `i`th id of ids joined by `joinedRecordIds`. */
export function idAt(joined: string, i: number): string {
  return joined.slice(i * ID_LENGTH, (i + 1) * ID_LENGTH);
}

/**
 * Buffers base64 records as one row (one record: without lengths); returns the ids joined and the bytes buffered.
 * Each record is decoded straight into the row's data (no Buffer per record).
 */
export function bufferBase64(state: FirehoseState, arn: string, now: number, records: { Data: string }[]): { ids: string; bytes: number } {
  const ids = joinedRecordIds(records.length);
  if (records.length === 1) {
    const data = Buffer.from(records[0]!.Data, "base64");
    state.sql.buffer.run(arn, ids, now, data, null, null);
    return { ids, bytes: data.length };
  }
  let capacity = 0;
  for (const r of records) capacity += Buffer.byteLength(r.Data, "base64");
  const data = Buffer.allocUnsafe(capacity);
  const lengths = Buffer.allocUnsafe(4 * records.length);
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    const n = data.write(records[i]!.Data, bytes, "base64");
    lengths.writeUInt32LE(n, 4 * i);
    bytes += n;
  }
  state.sql.buffer.run(arn, ids, now, bytes === capacity ? data : data.subarray(0, bytes), null, lengths);
  return { ids, bytes };
}

/** One record of a buffered row. */
export interface BufferedRecord {
  record_id: string;
  arrival: number;
  data: Buffer;
  kinesis: string | null;
}

/** A row the next delivery takes: whole, or (the last one only) its first `count` records, `bytes` of its data. */
export interface Taken {
  head: RowHead;
  count: number;
  bytes: number;
  whole: boolean;
}

function recordsIn(row: { lengths: Buffer | null }): number {
  return row.lengths ? row.lengths.length / 4 : 1;
}

/** The oldest buffered records up to `limit` bytes (at least one), picked from the rows' sizes (no data read). */
export function takeRows(state: FirehoseState, arn: string, limit: number): Taken[] {
  const taken: Taken[] = [];
  let size = 0;
  for (const head of state.sql.heads.iterate(arn, MAX_ROWS)) {
    const n = recordsIn(head);
    if (size + head.size <= limit || (taken.length === 0 && n === 1)) {
      taken.push({ head, count: n, bytes: head.size, whole: true });
      size += head.size;
      continue;
    }
    // A one-record row that does not fit waits for the next delivery.
    if (!head.lengths) break;
    // A row of several that does not fit whole: as many of its first records as fit (at least one for the first row).
    let count = 0;
    let bytes = 0;
    while (count < n) {
      const length = head.lengths.readUInt32LE(4 * count);
      if (size + bytes + length > limit && (taken.length > 0 || count > 0)) break;
      bytes += length;
      count++;
    }
    if (count > 0) taken.push({ head, count, bytes, whole: count === n });
    break;
  }
  return taken;
}

/** The taken records one by one, read from the store. */
export function recordsOf(state: FirehoseState, arn: string, taken: Taken[]): BufferedRecord[] {
  const out: BufferedRecord[] = [];
  const rows = state.sql.bufferedUpTo.all(arn, taken[taken.length - 1]!.head.id);
  for (let t = 0; t < taken.length && t < rows.length; t++) {
    const row = rows[t]!;
    if (!row.lengths) {
      out.push(row);
      continue;
    }
    let offset = 0;
    for (let i = 0; i < taken[t]!.count; i++) {
      const length = row.lengths.readUInt32LE(4 * i);
      out.push({ record_id: idAt(row.record_id, i), arrival: row.arrival, data: row.data.subarray(offset, offset + length), kinesis: row.kinesis });
      offset += length;
    }
  }
  return out;
}

/** The taken records as one body: concatenated as sent (joined by SQLite), or with a newline after each. */
export function bodyOf(state: FirehoseState, arn: string, taken: Taken[], newlines: boolean): Buffer {
  if (newlines) return Buffer.concat(recordsOf(state, arn, taken).flatMap((r) => [r.data, NEWLINE]));
  const last = taken[taken.length - 1]!;
  const body = state.sql.joined.get({ arn, last: last.head.id, partial: last.whole ? -1 : last.head.id, bytes: last.bytes })?.body;
  return body ?? Buffer.alloc(0);
}

/** Removes the taken records from the buffer: whole rows deleted, the first records of a partly taken one cut off it. */
export function release(state: FirehoseState, arn: string, taken: Taken[]): void {
  const last = taken[taken.length - 1];
  if (!last) return;
  state.env.store.txn(() => {
    if (last.whole) {
      state.sql.unbuffer.run(arn, last.head.id);
      return;
    }
    state.sql.unbuffer.run(arn, last.head.id - 1);
    state.sql.trim.run({ id: last.head.id, idChars: last.count * ID_LENGTH, bytes: last.bytes, lengthBytes: 4 * last.count });
  });
}
