/**
 * The event log as a service sees it (`env.eventLog`): facts, consumers and the calls a producer
 * makes inside its change's transaction. The log itself is event-log.ts.
 */
import type { FactHeads, FactKind, Facts } from "./facts.js";

export interface Fact<K extends FactKind = FactKind> {
  /** Position in the log: grows with commit order, never reused. */
  readonly seq: number;
  readonly kind: K;
  /** Facts with the same partition key are delivered in order (all facts are, today). */
  readonly partition: string | undefined;
  /** Clock time of the append. */
  readonly at: number;
  /** Parsed on first access: a consumer that filters on `kind` or `partition` pays no JSON.parse. */
  readonly payload: Facts[K];
}

export interface ConsumerSpec<K extends FactKind> {
  /** Unique within the service; the checkpoint is stored under `<service>.<name>`. */
  name: string;
  kinds: readonly K[];
  /** Where a consumer seen for the first time starts: every retained fact (default) or the next one. */
  from?: "start" | "now";
  /**
   * Decides from the appended object whether the consumer wants a fact (`handle` is still the one
   * that acts, and still sees every fact it was not caught up on). A consumer caught up with the
   * log passes a fact it does not accept without being woken: no read, no delivery, no turn of the
   * loop — what a consumer interested in few of many facts (global-table replication among every
   * stream record) would otherwise cost each write.
   */
  accepts?(head: FactHeads[K]): boolean;
  handle(fact: Fact<K>): void | Promise<void>;
}

/** What a service sees (`env.eventLog`): consumer names are scoped to it. */
export interface ServiceEventLog {
  /**
   * Appends a fact; call it inside the transaction of the change (`store.txn`). Returns its seq.
   * `text`: the payload already serialized (what JSON.stringify(payload) gives), when the producer
   * can build it cheaper (a stream record splicing item texts it already holds).
   */
  append<K extends FactKind>(kind: K, payload: Facts[K], partition?: string, text?: string): number;
  /**
   * For a producer whose own SQL writes a fact's row in the statement of its change (a trigger
   * running `INSERT INTO ${LOG_ROW} VALUES (seq, kind, partition, at, payload text)`): the seq to
   * give that row. Call `appended` right after the statement, whether or not it wrote the row.
   */
  reserve(): number;
  /** The row of `seq` may have been written (see `reserve`): wakes the consumers of `kind` that want it. */
  appended<K extends FactKind>(kind: K, seq: number, head: FactHeads[K]): void;
  /** Starts delivering to a consumer (at `start`); returns a function that stops delivery (the checkpoint stays). */
  consume<K extends FactKind>(spec: ConsumerSpec<K>): () => void;
  /** Retained facts of `kinds` after `afterSeq`, in order (stream readers: GetRecords). */
  read<K extends FactKind>(kinds: readonly K[], afterSeq: number, limit: number): Fact<K>[];
  /** The seq of the last appended fact (0 when none). */
  lastSeq(): number;
  /** Forgets a consumer and its checkpoint (a stream disabled, a mapping deleted). */
  dropConsumer(name: string): void;
}

/** The log's table and the columns a producer's own SQL fills (see `ServiceEventLog.reserve`). */
export const LOG_ROW = "core_log (seq, kind, part, at, payload)";
