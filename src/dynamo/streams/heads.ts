/**
 * The fields every record of one stream shares (account, region, table and stream ARNs, view
 * type), stored once per stream instead of in each of its records: a record's text in the event
 * log starts `{"stream":<id>,"eventName":…` and readers put the fields back (`expand`). A quarter
 * of a NEW_AND_OLD_IMAGES record's bytes, on every stream write and for the 24 hours the log keeps
 * it. Records written before this table existed carry the fields themselves and pass unchanged.
 */
import type { Migration, Stmt, Store } from "../../core/db.js";
import type { DynamoItemChanged } from "../../core/events.js";
import type { TableMeta } from "../table-meta.js";

export const streamHeadMigrations: Migration[] = [
  {
    version: 4,
    sql: `CREATE TABLE ddb_stream_heads (id INTEGER PRIMARY KEY, arn TEXT NOT NULL UNIQUE, fields TEXT NOT NULL);`,
  },
];

type HeadFields = Pick<DynamoItemChanged, "accountId" | "region" | "tableName" | "tableArn" | "streamArn" | "streamViewType">;

/** A record as stored: the shared fields replaced by the id of its stream's. */
type StoredRecord = DynamoItemChanged & { stream?: number };

export class StreamHeads {
  /** `{"stream":<id>,"eventName":"` by table ARN, then stream label (no stream ARN to build per write). */
  private texts = new Map<string, Map<string, string>>();
  private fields = new Map<number, HeadFields>();
  private readonly byArn: Stmt<{ id: number }>;
  private readonly insert: Stmt;
  private readonly byId: Stmt<{ fields: string }>;

  constructor(private readonly store: Store) {
    this.byArn = store.stmt("SELECT id FROM ddb_stream_heads WHERE arn = ?");
    this.insert = store.stmt("INSERT INTO ddb_stream_heads (arn, fields) VALUES (?, ?)");
    this.byId = store.stmt("SELECT fields FROM ddb_stream_heads WHERE id = ?");
  }

  /** After restore or reset: the ids are the restored database's. */
  clear(): void {
    this.texts.clear();
    this.fields.clear();
  }

  /** The start of a record's text for the table's current stream, up to its event name's opening quote. */
  headText(accountId: string, region: string, table: TableMeta, view: string): string {
    const label = table.streamLabel!;
    const known = this.texts.get(table.arn)?.get(label);
    if (known !== undefined) return known;
    const streamArn = `${table.arn}/stream/${label}`;
    const fields: HeadFields = { accountId, region, tableName: table.name, tableArn: table.arn, streamArn, streamViewType: view };
    // A stream's fields never change (its view type is fixed while it is enabled; a new one gets a new label).
    const id = this.byArn.get(streamArn)?.id ?? Number(this.insert.run(streamArn, JSON.stringify(fields)).lastInsertRowid);
    const text = `{"stream":${id},"eventName":"`;
    if (!this.store.raw.inTransaction) this.remember(table.arn, label, id, text, fields);
    else {
      // The row may yet be rolled back with the write's transaction (and its id taken by another
      // stream): remembered only once committed, checked when the transaction is over.
      queueMicrotask(() => {
        if (this.byArn.get(streamArn)?.id === id) this.remember(table.arn, label, id, text, fields);
      });
    }
    return text;
  }

  private remember(tableArn: string, label: string, id: number, text: string, fields: HeadFields): void {
    this.fields.set(id, fields);
    if (this.texts.size >= 1000) this.texts.clear();
    let byLabel = this.texts.get(tableArn);
    if (!byLabel || byLabel.size >= 10) this.texts.set(tableArn, (byLabel = new Map()));
    byLabel.set(label, text);
  }

  /** A record read back from the log, with its stream's fields (the same object, completed once). */
  expand(record: DynamoItemChanged): DynamoItemChanged {
    const stored = record as StoredRecord;
    if (typeof stored.stream !== "number" || stored.streamArn !== undefined) return record;
    let fields = this.fields.get(stored.stream);
    if (!fields) {
      const row = this.byId.get(stored.stream);
      if (!row) return record;
      this.fields.set(stored.stream, (fields = JSON.parse(row.fields) as HeadFields));
    }
    return Object.assign(stored, fields);
  }
}
