/** The StreamReader port: Lambda's event source mappings read streams through it. */
import type { StreamReader } from "../../core/ports.js";
import { lambdaRecord, type StreamLog } from "./reader.js";
import { shardsOf } from "./shards.js";
import { parseStreamArn } from "./stream-arns.js";

export function streamReader(log: StreamLog): StreamReader {
  return {
    async describe(streamArn) {
      const ref = parseStreamArn(streamArn);
      const status = ref && log.status(ref);
      if (!ref || !status) return undefined;
      // The open (or, for a disabled stream, the last) shard.
      const shards = shardsOf(log, ref, status.status === "ENABLED", log.now(), log.shardPeriodMs);
      return { tableName: ref.tableName, status: status.status, shardId: shards[shards.length - 1]?.id ?? "" };
    },
    async startPosition(_streamArn, from) {
      return String(from === "LATEST" ? log.latest() : 0);
    },
    async read(streamArn, position, limit) {
      const ref = parseStreamArn(streamArn);
      const after = Number(position) || 0;
      if (!ref) return { records: [], positions: [], position, ended: true };
      const { facts, position: next } = log.records(streamArn, after, limit);
      const enabled = log.currentTable(ref) !== undefined;
      const ended = !enabled && facts.length === 0 && log.records(streamArn, next, 1).facts.length === 0;
      return { records: facts.map((f) => lambdaRecord(f.payload)), positions: facts.map((f) => String(f.seq)), position: String(next), ended };
    },
  };
}
