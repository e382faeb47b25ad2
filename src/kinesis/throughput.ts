/**
 * AWS's per-shard limits, measured on the server's clock so a virtual clock makes them exact:
 * writes up to 1 MiB (data plus partition keys) and 1,000 records in each second of the clock;
 * GetRecords up to 5 calls in each second and 2 MiB a second of data read — a read that returns
 * more borrows from the seconds after it (a 10 MiB read refuses reads for the next 4 s), as AWS does.
 */
export const WRITE_BYTES_PER_SECOND = 1024 * 1024;
export const WRITE_RECORDS_PER_SECOND = 1000;
export const READ_CALLS_PER_SECOND = 5;
export const READ_BYTES_PER_SECOND = 2 * 1024 * 1024;

interface WriteWindow {
  second: number;
  bytes: number;
  records: number;
}

interface ReadWindow {
  second: number;
  calls: number;
  /** The clock time until which data already read uses up the shard's read rate. */
  busyUntil: number;
}

export class ThroughputMeter {
  private readonly writes = new Map<string, WriteWindow>();
  private readonly reads = new Map<string, ReadWindow>();

  /** Counts a record of `bytes` against the shard's current second; false (not counted) when it does not fit. */
  write(shardKey: string, now: number, bytes: number): boolean {
    const second = Math.floor(now / 1000);
    let w = this.writes.get(shardKey);
    if (!w || w.second !== second) this.writes.set(shardKey, (w = { second, bytes: 0, records: 0 }));
    if (w.records + 1 > WRITE_RECORDS_PER_SECOND || w.bytes + bytes > WRITE_BYTES_PER_SECOND) return false;
    w.records++;
    w.bytes += bytes;
    return true;
  }

  /** Counts a GetRecords call on the shard; false when it exceeds the call rate or the data rate. */
  readCall(shardKey: string, now: number): boolean {
    const second = Math.floor(now / 1000);
    let r = this.reads.get(shardKey);
    if (!r) this.reads.set(shardKey, (r = { second, calls: 0, busyUntil: 0 }));
    if (r.second !== second) {
      r.second = second;
      r.calls = 0;
    }
    // One second's worth of data may be read at once; beyond it, later calls wait for the rate.
    if (r.busyUntil - now > 1000) return false;
    if (r.calls >= READ_CALLS_PER_SECOND) return false;
    r.calls++;
    return true;
  }

  /** Data a GetRecords call returned, against the shard's read rate. */
  read(shardKey: string, now: number, bytes: number): void {
    const r = this.reads.get(shardKey);
    if (!r) return;
    r.busyUntil = Math.max(r.busyUntil, now) + (bytes / READ_BYTES_PER_SECOND) * 1000;
  }

  forgetAll(): void {
    this.writes.clear();
    this.reads.clear();
  }

  forget(streamArn: string): void {
    for (const map of [this.writes, this.reads]) for (const key of map.keys()) if (key.startsWith(`${streamArn}\n`)) map.delete(key);
  }
}
