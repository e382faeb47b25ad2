/**
 * Reading streams: which streams exist (the current stream of each table, from the table's
 * settings; a disabled stream lives on while it has records), their records from the durable
 * event log (kind `dynamo.ItemChanged`, kept 24 hours), positions, and the two record formats —
 * the Streams API's and Lambda's.
 */
import { createHash } from "node:crypto";
import type { DynamoItemChanged } from "../../core/events.js";
import type { Fact } from "../../core/log/service-event-log.js";
import type { ServiceEventLog } from "../../core/log/service-event-log.js";
import type { Clock } from "../../core/clock.js";
import type { PortRegistry } from "../../core/service.js";
import type { DynamoState } from "../state.js";
import type { TableMeta } from "../table-meta.js";
import { streamArnOf } from "./records.js";
import type { StreamRef } from "./stream-arns.js";

type ItemFact = Fact<"dynamo.ItemChanged">;

const KIND = ["dynamo.ItemChanged"] as const;
const SCAN_CHUNK = 500;
const RETENTION_MS = 24 * 3_600_000;
/** Facts of other streams skipped per read at most (a page may come back short, with a position to go on from). */
const MAX_SCAN = 20_000;

/** The DynamoDB service's state on this server, if it has started (core's registry holds it). */
export function dynamoStateFor(ports: PortRegistry): DynamoState | undefined {
  return ports.stateOf("dynamodb") as DynamoState | undefined;
}

export interface StreamStatus {
  status: "ENABLED" | "DISABLED";
  table?: TableMeta;
}

export class StreamLog {
  constructor(
    private readonly ports: PortRegistry,
    private readonly log: Pick<ServiceEventLog, "read" | "lastSeq">,
    private readonly clock: Clock,
    /** How long a shard stays open before a child opens (shards.ts). */
    readonly shardPeriodMs: number = 4 * 3_600_000,
  ) {}

  /** The table whose current stream this is, if it is enabled. */
  currentTable(ref: StreamRef): TableMeta | undefined {
    const table = dynamoStateFor(this.ports)?.table(ref.accountId, ref.region, ref.tableName);
    return table && streamArnOf(table) === ref.arn ? table : undefined;
  }

  /** ENABLED when it is its table's stream; DISABLED while records of it are retained; else undefined. */
  status(ref: StreamRef): StreamStatus | undefined {
    const table = this.currentTable(ref);
    if (table) return { status: "ENABLED", table };
    if (this.records(ref.arn, 0, 1).facts.length > 0) {
      const owner = dynamoStateFor(this.ports)?.table(ref.accountId, ref.region, ref.tableName);
      return { status: "DISABLED", table: owner };
    }
    return undefined;
  }

  /**
   * Up to `limit` records of the stream after log position `after`, and the position scanned to;
   * with `inShard`, only the records it accepts (by their creation time), stopping at the first
   * record past it (`beyond`: the shard has no more records).
   */
  records(streamArn: string, after: number, limit: number, inShard?: (at: number) => -1 | 0 | 1): { facts: ItemFact[]; position: number; beyond?: boolean } {
    const facts: ItemFact[] = [];
    // Records older than 24 hours are gone even if the log has not dropped them yet.
    const oldest = this.clock.now() - RETENTION_MS;
    let position = after;
    // Stored records name their stream's shared fields by id (heads.ts): put back before reading them.
    const heads = dynamoStateFor(this.ports)?.streamHeads;
    for (let scanned = 0; facts.length < limit && scanned < MAX_SCAN; ) {
      const chunk = this.log.read(KIND, position, SCAN_CHUNK);
      if (chunk.length === 0) break;
      for (const f of chunk) {
        scanned++;
        if ((heads ? heads.expand(f.payload) : f.payload).streamArn === streamArn && f.at >= oldest) {
          const where = inShard ? inShard(f.payload.approximateCreationDateTime) : 0;
          if (where > 0) return { facts, position, beyond: true };
          if (where < 0) {
            position = f.seq;
            continue;
          }
          facts.push(f);
          if (facts.length === limit) {
            position = f.seq;
            return { facts, position };
          }
        }
        position = f.seq;
      }
    }
    return { facts, position };
  }

  now(): number {
    return this.clock.now();
  }

  latest(): number {
    return this.log.lastSeq();
  }

  /** The log position just before the first record whose sequence number is ≥ (or >) `sequenceNumber`. */
  positionOf(streamArn: string, sequenceNumber: string, inclusive: boolean): number | undefined {
    const wanted = BigInt(sequenceNumber);
    let after = 0;
    for (let i = 0; i < 1000; i++) {
      const { facts, position } = this.records(streamArn, after, SCAN_CHUNK);
      for (const f of facts) {
        const n = BigInt(f.payload.sequenceNumber);
        if (inclusive ? n >= wanted : n > wanted) return f.seq - 1;
      }
      if (position === after) return undefined;
      after = position;
    }
    return undefined;
  }
}

function eventId(r: DynamoItemChanged): string {
  return createHash("md5").update(`${r.streamArn ?? ""}:${r.sequenceNumber}`).digest("hex");
}

function streamData(r: DynamoItemChanged): Record<string, unknown> {
  return {
    Keys: r.keys,
    ...(r.newImage ? { NewImage: r.newImage } : {}),
    ...(r.oldImage ? { OldImage: r.oldImage } : {}),
    SequenceNumber: r.sequenceNumber,
    SizeBytes: r.sizeBytes,
    StreamViewType: r.streamViewType ?? "KEYS_ONLY",
  };
}

/** A record as the Streams API's GetRecords returns it. */
export function apiRecord(r: DynamoItemChanged): Record<string, unknown> {
  return {
    eventID: eventId(r),
    eventName: r.eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: r.region,
    dynamodb: { ApproximateCreationDateTime: new Date(Math.floor(r.approximateCreationDateTime / 1000) * 1000), ...streamData(r) },
    ...(r.userIdentity ? { userIdentity: { PrincipalId: r.userIdentity.principalId, Type: r.userIdentity.type } } : {}),
  };
}

/** A record as Lambda receives it (epoch seconds, eventSourceARN, lower-case userIdentity members). */
export function lambdaRecord(r: DynamoItemChanged): Record<string, unknown> {
  return {
    eventID: eventId(r),
    eventName: r.eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: r.region,
    dynamodb: { ApproximateCreationDateTime: Math.floor(r.approximateCreationDateTime / 1000), ...streamData(r) },
    eventSourceARN: r.streamArn,
    ...(r.userIdentity ? { userIdentity: { type: r.userIdentity.type, principalId: r.userIdentity.principalId } } : {}),
  };
}
