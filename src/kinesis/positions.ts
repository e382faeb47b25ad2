/** Where a reader starts in a shard (GetShardIterator's and SubscribeToShard's starting positions). */
import type { RequestContext } from "../core/context.js";
import { before } from "./iterators.js";
import type { ShardMeta, StreamMeta } from "./model.js";
import { invalidArgument, type KinesisState } from "./state.js";

export type StartType = "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER" | "TRIM_HORIZON" | "LATEST" | "AT_TIMESTAMP";

export interface StartAt {
  type: StartType;
  sequenceNumber?: string;
  timestamp?: number | Date;
}

/** The sequence number after which the reader's first record comes. */
export function startPosition(ctx: RequestContext, state: KinesisState, stream: StreamMeta, shard: ShardMeta, at: StartAt, operation: string): string {
  const now = ctx.clock.now();
  switch (at.type) {
    case "TRIM_HORIZON":
      return "0";
    case "LATEST":
      return state.sql.lastRecord.get(stream.arn, shard.ShardId)?.seq ?? shard.SequenceNumberRange.StartingSequenceNumber;
    case "AT_SEQUENCE_NUMBER":
    case "AFTER_SEQUENCE_NUMBER": {
      const seq = at.sequenceNumber;
      if (seq === undefined) throw invalidArgument(`StartingSequenceNumber must be specified for ShardIteratorType ${at.type}`);
      if (!/^\d{1,128}$/.test(seq)) throw invalidArgument(`StartingSequenceNumber ${seq} used in ${operation} on shard ${shard.ShardId} in stream ${stream.name} under account ${ctx.accountId} is invalid.`);
      return at.type === "AT_SEQUENCE_NUMBER" ? before(seq) : seq;
    }
    case "AT_TIMESTAMP": {
      const ts = at.timestamp instanceof Date ? at.timestamp.getTime() : typeof at.timestamp === "number" ? Math.round(at.timestamp * 1000) : undefined;
      if (ts === undefined) throw invalidArgument("Timestamp must be specified for ShardIteratorType AT_TIMESTAMP");
      if (ts > now) throw invalidArgument(`The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${ts}, currentTimestampInMillis: ${now}`);
      return before(state.seq.at(ts));
    }
    default:
      throw invalidArgument(`Invalid ShardIteratorType: ${String(at.type)}`);
  }
}
