/**
 * The durable event log: facts appended in the same SQLite transaction as the change that caused
 * them (so a fact exists if and only if its change committed), read by named consumers from their
 * own checkpoints, at least once, in commit order. A consumer that was not loaded when a fact was
 * written gets it when its service loads; the server loads a service that declares a consumer of a
 * kind (`ServiceManifest.consumes`) as soon as a fact of that kind is appended, or at start-up.
 *
 * Delivery runs after the appending transaction (better-sqlite3 transactions are synchronous, so
 * the pump's microtask never sees uncommitted rows); it is tracked by the bus, so `settle()` waits
 * for every consumer to catch up. A handler that throws stops its consumer at that fact (later
 * facts wait: order is kept) and it is retried on the clock with backoff, logged each time.
 */
import type { EventBus } from "../bus.js";
import { realTime, type Clock, type TimerHandle } from "../clock.js";
import type { Stmt, Store } from "../db.js";
import type { Logger } from "../logger.js";
import type { FactHeads, FactKind, Facts } from "./facts.js";
import { LogRetention } from "./retention.js";
import type { ConsumerSpec, Fact, ServiceEventLog } from "./service-event-log.js";
import { toFact } from "./stored-fact.js";

interface ConsumerRow {
  name: string;
  owner: string;
  kinds: FactKind[];
  checkpoint: number;
}

interface LiveConsumer {
  row: ConsumerRow;
  accepts?(head: unknown): boolean;
  handle(fact: Fact): void | Promise<void>;
  select: Stmt<unknown[]>;
  scheduled: boolean;
  running: boolean;
  /** The checkpoint last written to the store. */
  saved: number;
  savedAt: number;
  closed: boolean;
  failures: number;
  retry?: TimerHandle;
  /** Woken while its pump was running (waiting on a handler): pump again when it ends. */
  again: boolean;
}

const BATCH = 100;
/** A consumer's checkpoint is written at most this often (and on settle, snapshot and close). */
const SAVE_EVERY_MS = 1000;
/** Appended objects kept per kind for live consumers; past this (a consumer far behind) they parse rows. */
const MAX_RECENT = 10_000;
const MAX_BACKOFF_MS = 60_000;

export class EventLog {
  /** Set by the registry: loads the service that owns a consumer not yet running. */
  loadOwner: (owner: string) => void = () => {};
  private consumers = new Map<string, ConsumerRow>();
  private live = new Map<string, LiveConsumer>();
  /**
   * seq → the object appended, for kinds with live consumers, until they have all passed it. The
   * pump reads the committed rows and takes the object from here: a row exists only if its append
   * committed, and an append rolled back leaves an entry that a later append of the same seq (rowids
   * of rolled-back inserts are reused) overwrites or that no row ever matches. Payloads must not
   * be changed after `append`, by the producer or by consumers.
   */
  private recent = new Map<FactKind, Map<number, unknown>>();
  private liveByKind = new Map<FactKind, LiveConsumer[]>();
  private idleOwnersByKind = new Map<FactKind, string[]>();
  private readonly retention: LogRetention;
  private readonly insert: Stmt;
  /**
   * The last seq handed out. Seqs come from this counter, not from rowids: a seq is never reused,
   * even the seq of an append whose transaction rolled back, so a checkpoint may move past a fact
   * before its transaction commits (a consumer that does not accept it) without ever skipping a
   * fact appended later. Re-read from the store when its database changes (restore).
   */
  private last = 0;
  private lastGeneration = -1;
  private readonly saveCheckpoint: Stmt;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {
    this.createTables();
    this.retention = new LogRetention(store, clock);
    this.insert = store.stmt("INSERT INTO core_log (seq, kind, part, at, payload) VALUES (?, ?, ?, ?, ?)");
    this.saveCheckpoint = store.stmt("UPDATE core_log_consumers SET checkpoint = ? WHERE name = ?");
    this.loadConsumers();
    bus.onSettle(() => {
      this.saveCheckpoints();
      return false;
    });
  }

  private createTables(): void {
    this.store.exec(`
      CREATE TABLE IF NOT EXISTS core_log (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, part TEXT, at INTEGER NOT NULL, payload TEXT NOT NULL);
      DROP INDEX IF EXISTS core_log_by_kind;
      CREATE TABLE IF NOT EXISTS core_log_consumers (name TEXT PRIMARY KEY, owner TEXT NOT NULL, kinds TEXT NOT NULL, checkpoint INTEGER NOT NULL);`);
  }

  private loadConsumers(): void {
    this.consumers.clear();
    const rows = this.store.stmt<{ name: string; owner: string; kinds: string; checkpoint: number }>("SELECT name, owner, kinds, checkpoint FROM core_log_consumers").all();
    for (const r of rows) this.consumers.set(r.name, { name: r.name, owner: r.owner, kinds: JSON.parse(r.kinds) as FactKind[], checkpoint: r.checkpoint });
    this.indexIdleOwners();
  }

  /** A consumer a service declares in its manifest: it exists (and holds facts back) before the service loads. */
  declare(owner: string, name: string, kinds: readonly FactKind[]): void {
    this.upsertConsumer(owner, `${owner}.${name}`, kinds, "start");
    this.indexIdleOwners();
  }

  forOwner(owner: string): ServiceEventLog {
    return {
      append: (kind, payload, partition, text) => this.append(kind, payload, partition, text),
      reserve: () => this.reserve(),
      appended: (kind, seq, head) => this.appended(kind, seq, head),
      consume: (spec) => this.consume(owner, spec),
      read: (kinds, afterSeq, limit) => this.read(kinds, afterSeq, limit),
      lastSeq: () => this.lastSeq(),
      dropConsumer: (name) => this.dropConsumer(`${owner}.${name}`),
    };
  }

  append<K extends FactKind>(kind: K, payload: Facts[K], partition?: string, text?: string): number {
    const seq = this.nextSeq();
    this.insert.run(seq, kind, partition ?? null, this.clock.now(), text ?? JSON.stringify(payload));
    this.notify(kind, seq, payload as FactHeads[K], payload);
    return seq;
  }

  reserve(): number {
    return this.nextSeq();
  }

  appended<K extends FactKind>(kind: K, seq: number, head: FactHeads[K]): void {
    this.notify(kind, seq, head, undefined);
  }

  /** After an append: wakes the live consumers that want the fact, passes those that do not, loads idle owners. */
  private notify<K extends FactKind>(kind: K, seq: number, head: FactHeads[K], payload: Facts[K] | undefined): void {
    const live = this.liveByKind.get(kind);
    if (live) {
      let wanted = false;
      for (const c of live) {
        if (c.accepts && !c.accepts(head) && this.caughtUp(c)) this.pass(c, seq);
        else {
          wanted = true;
          this.wake(c);
        }
      }
      if (wanted && payload !== undefined) {
        // Live consumers get this very object instead of parsing the row back (see `recent`).
        let objects = this.recent.get(kind);
        if (!objects) this.recent.set(kind, (objects = new Map()));
        if (objects.size < MAX_RECENT) objects.set(seq, payload);
      }
    }
    const idle = this.idleOwnersByKind.get(kind);
    if (idle) for (const owner of idle) this.loadOwner(owner);
    this.maintain();
  }

  /** A fresh seq: one more than any fact or checkpoint of the store, and than any seq handed out before. */
  private nextSeq(): number {
    if (this.lastGeneration !== this.store.generation) {
      // A checkpoint can be past the newest row (a consumer that passed a fact whose transaction rolled back).
      const row = this.store.stmt<{ seq: number | null; checkpoint: number | null }>("SELECT (SELECT max(seq) FROM core_log) AS seq, (SELECT max(checkpoint) FROM core_log_consumers) AS checkpoint").get();
      this.last = Math.max(this.last, row?.seq ?? 0, row?.checkpoint ?? 0);
      this.lastGeneration = this.store.generation;
    }
    return ++this.last;
  }

  /** Idle with nothing unread: every fact before the one being appended was delivered or passed. */
  private caughtUp(c: LiveConsumer): boolean {
    return !c.scheduled && !c.running && !c.again && !c.retry && !c.closed;
  }

  /** Moves a caught-up consumer past a fact it does not accept (saved with the maintenance, once a second). */
  private pass(c: LiveConsumer, seq: number): void {
    c.row.checkpoint = seq;
  }

  read<K extends FactKind>(kinds: readonly K[], afterSeq: number, limit: number): Fact<K>[] {
    let stmt = this.readers.get(kinds.length);
    if (!stmt) {
      stmt = this.store.stmt<unknown[]>(`SELECT seq, kind, part, at, payload FROM core_log WHERE seq > ? AND kind IN (${kinds.map(() => "?").join(", ")}) ORDER BY seq LIMIT ?`);
      this.readers.set(kinds.length, stmt);
    }
    return stmt.rawRows(afterSeq, ...kinds, limit).map((r) => toFact<K>(r));
  }
  private readers = new Map<number, Stmt<unknown[]>>();
  private payloadOf?: Stmt<{ payload: string }>;
  /** The stored text of a fact (a fact's row is kept until every consumer has passed it). */
  private readonly payloadText = (seq: number): string =>
    (this.payloadOf ??= this.store.stmt<{ payload: string }>("SELECT payload FROM core_log WHERE seq = ?")).get(seq)?.payload ?? "null";

  /** The newest fact's seq (later appends get greater seqs: see `last`). */
  lastSeq(): number {
    return this.store.stmt<{ seq: number | null }>("SELECT max(seq) AS seq FROM core_log").get()?.seq ?? 0;
  }

  /** Owners of consumers with facts they have not read (loaded at start-up, as services with state are). */
  ownersWithPending(): string[] {
    const owners = new Set<string>();
    for (const c of this.consumers.values()) {
      if (owners.has(c.owner) || c.kinds.length === 0) continue;
      if (this.read(c.kinds, c.checkpoint, 1).length > 0) owners.add(c.owner);
    }
    return [...owners];
  }

  consume<K extends FactKind>(owner: string, spec: ConsumerSpec<K>): () => void {
    const name = `${owner}.${spec.name}`;
    this.live.get(name)?.retry?.cancel();
    const row = this.upsertConsumer(owner, name, spec.kinds, spec.from ?? "start");
    // No payload column: a live consumer usually takes the appended object from `recent`, and the
    // text of a fact it does not have is read only if the handler looks at the payload.
    const sql = `SELECT seq, kind, part, at FROM core_log WHERE seq > ? AND kind IN (${row.kinds.map(() => "?").join(", ")}) ORDER BY seq LIMIT ${BATCH}`;
    const c: LiveConsumer = {
      row,
      accepts: spec.accepts as ((head: unknown) => boolean) | undefined,
      handle: spec.handle as (fact: Fact) => void | Promise<void>,
      select: this.store.stmt(sql),
      scheduled: false,
      running: false,
      closed: false,
      failures: 0,
      again: false,
      saved: row.checkpoint,
      savedAt: realTime.monotonicMs(),
    };
    this.live.set(name, c);
    this.indexLive();
    this.wake(c);
    return () => {
      c.closed = true;
      c.retry?.cancel();
      if (this.live.get(name) === c) this.live.delete(name);
      this.indexLive();
    };
  }

  dropConsumer(name: string): void {
    const c = this.live.get(name);
    if (c) {
      c.closed = true;
      c.retry?.cancel();
      this.live.delete(name);
    }
    this.consumers.delete(name);
    this.store.stmt("DELETE FROM core_log_consumers WHERE name = ?").run(name);
    this.indexLive();
  }

  /** After restore/reset: the tables may hold another past; re-read checkpoints and catch up. */
  afterRestore(declared: { owner: string; name: string; kinds: readonly FactKind[] }[]): void {
    this.createTables();
    this.loadConsumers();
    for (const d of declared) this.upsertConsumer(d.owner, `${d.owner}.${d.name}`, d.kinds, "start");
    for (const c of this.live.values()) {
      c.retry?.cancel();
      c.retry = undefined;
      c.failures = 0;
      c.row = this.upsertConsumer(c.row.owner, c.row.name, c.row.kinds, "start");
      c.saved = c.row.checkpoint;
    }
    this.indexLive();
    this.recent.clear();
    for (const c of this.live.values()) this.wake(c);
  }

  /** Stops every consumer (server closing), saving their progress. */
  close(): void {
    this.saveCheckpoints();
    for (const c of this.live.values()) {
      c.closed = true;
      c.retry?.cancel();
    }
    this.live.clear();
    this.liveByKind.clear();
  }

  private upsertConsumer(owner: string, name: string, kinds: readonly FactKind[], from: "start" | "now"): ConsumerRow {
    let row = this.consumers.get(name);
    if (!row) {
      row = { name, owner, kinds: [...kinds], checkpoint: from === "now" ? this.lastSeq() : 0 };
      this.consumers.set(name, row);
    } else {
      row.kinds = [...kinds];
      row.owner = owner;
    }
    this.store
      .stmt("INSERT INTO core_log_consumers (name, owner, kinds, checkpoint) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, kinds = excluded.kinds")
      .run(name, owner, JSON.stringify(row.kinds), row.checkpoint);
    return row;
  }

  private indexLive(): void {
    this.liveByKind.clear();
    for (const c of this.live.values()) {
      for (const kind of c.row.kinds) {
        const list = this.liveByKind.get(kind) ?? [];
        list.push(c);
        this.liveByKind.set(kind, list);
      }
    }
    this.indexIdleOwners();
  }

  private indexIdleOwners(): void {
    this.idleOwnersByKind.clear();
    for (const row of this.consumers.values()) {
      if (this.live.has(row.name)) continue;
      for (const kind of row.kinds) {
        const owners = this.idleOwnersByKind.get(kind) ?? [];
        if (!owners.includes(row.owner)) owners.push(row.owner);
        this.idleOwnersByKind.set(kind, owners);
      }
    }
  }

  private wake(c: LiveConsumer): void {
    if (c.scheduled || c.closed || c.retry) return;
    c.scheduled = true;
    // After the I/O callbacks of this turn of the loop (not a microtask): the facts of every request
    // served in that turn are read with one query instead of one query per request.
    void this.bus.track(new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.pump(c)).catch((err: unknown) => this.logger.error({ err, consumer: c.row.name }, "event log delivery failed")));
  }

  private async pump(c: LiveConsumer): Promise<void> {
    c.scheduled = false;
    if (c.closed) return;
    if (c.running) {
      c.again = true;
      return;
    }
    c.running = true;
    try {
      for (;;) {
        const rows = c.select.rawRows(c.row.checkpoint, ...c.row.kinds);
        if (rows.length === 0) break;
        for (const raw of rows) {
          if (c.closed) return;
          const fact = toFact(raw, this.recent.get(raw[1] as FactKind)?.get(raw[0] as number), this.payloadText);
          try {
            const done = c.handle(fact);
            if (done instanceof Promise) await done;
          } catch (err) {
            this.fail(c, fact, err);
            return;
          }
          c.row.checkpoint = fact.seq;
        }
        c.failures = 0;
        if (rows.length < BATCH) break;
      }
      this.forgetDelivered();
      this.maintain();
    } finally {
      // Progress is written at most once a second (a crash redelivers what followed: at least once).
      if (c.failures > 0 || c.closed || realTime.monotonicMs() - c.savedAt >= SAVE_EVERY_MS) this.save(c);
      c.running = false;
      if (c.again) {
        c.again = false;
        this.wake(c);
      }
    }
  }

  /** Drops the objects of facts every live consumer of their kind has passed. */
  private forgetDelivered(): void {
    for (const [kind, objects] of this.recent) {
      if (objects.size === 0) continue;
      let min = Infinity;
      for (const c of this.liveByKind.get(kind) ?? []) min = Math.min(min, c.row.checkpoint);
      for (const seq of objects.keys()) {
        if (seq > min) break;
        objects.delete(seq);
      }
    }
  }

  private save(c: LiveConsumer): void {
    if (c.saved === c.row.checkpoint || !this.store.raw.open) return;
    this.saveCheckpoint.run(c.row.checkpoint, c.row.name);
    c.saved = c.row.checkpoint;
    c.savedAt = realTime.monotonicMs();
  }

  /** Writes every consumer's progress (settle runs it, so snapshots and tests see it saved). */
  saveCheckpoints(): void {
    for (const c of this.live.values()) this.save(c);
  }

  private fail(c: LiveConsumer, fact: Fact, err: unknown): void {
    c.failures++;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (c.failures - 1));
    this.logger.error({ err, consumer: c.row.name, seq: fact.seq, kind: fact.kind, attempt: c.failures, retryInMs: delay }, "event log consumer failed; retrying");
    c.retry = this.clock.setTimer(this.clock.now() + delay, () => {
      c.retry = undefined;
      this.wake(c);
    });
  }

  /** Retention: at most once a second of clock time, from appends and deliveries (see LogRetention). */
  private maintain(): void {
    if (!this.retention.run(this.consumers.values()) || this.savesQueued) return;
    // Progress made without a delivery (facts passed) is saved after the appending transaction.
    this.savesQueued = true;
    queueMicrotask(() => {
      this.savesQueued = false;
      for (const c of this.live.values()) if (!c.running) this.save(c);
    });
  }
  private savesQueued = false;
}
