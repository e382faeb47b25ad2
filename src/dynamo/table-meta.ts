/** What we know about a table: its persisted description, and the key facts derived from it. */
import type { FillProgress } from "./restore-fill.js";
import type { ReplicaSettings } from "./global-tables.js";
import type { ScalarType } from "./attribute-value.js";

export interface KeyDef {
  name: string;
  type: ScalarType;
}

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: "HASH" | "RANGE";
}

export interface Projection {
  ProjectionType: "ALL" | "KEYS_ONLY" | "INCLUDE";
  NonKeyAttributes?: string[];
}

export interface Throughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}

export interface IndexMeta {
  id: number;
  name: string;
  kind: "GSI" | "LSI";
  keySchema: KeySchemaElement[];
  hash: KeyDef;
  range?: KeyDef;
  projection: Projection;
  throughput?: Throughput;
  createdAt: number;
  /** GSIs added by UpdateTable are CREATING (backfilling) until then. */
  readyAt: number;
}

export interface TableMeta {
  id: number;
  name: string;
  arn: string;
  tableId: string;
  createdAt: number;
  readyAt: number;
  /** Set by DeleteTable when a status delay is configured: DELETING until then, then gone. */
  deletingUntil?: number;
  /** Set while an UpdateTable change is settling. */
  updatingUntil?: number;
  keySchema: KeySchemaElement[];
  attributeDefinitions: { AttributeName: string; AttributeType: ScalarType }[];
  hash: KeyDef;
  range?: KeyDef;
  billingMode: "PROVISIONED" | "PAY_PER_REQUEST";
  billingModeChangedAt?: number;
  throughput: Throughput;
  lastIncreaseAt?: number;
  lastDecreaseAt?: number;
  indexes: IndexMeta[];
  nextIndexId: number;
  stream?: { StreamEnabled: boolean; StreamViewType?: string };
  streamLabel?: string;
  sse?: { Enabled?: boolean; SSEType?: string; KMSMasterKeyId?: string };
  tableClass: string;
  deletionProtection: boolean;
  tags: Record<string, string>;
  ttl?: { AttributeName: string; Enabled: boolean; changedAt: number };
  /** Point-in-time recovery: on since `enabledAt`, every item version kept for the period. */
  pitr?: { enabledAt: number; recoveryPeriodInDays: number };
  /** Global table (version 2019.11.21): the other regions holding a replica of this table. */
  replicaRegions?: string[];
  /** Set on the members of a global table of version 2017.11.29 (global-tables-2017.ts). */
  legacyGlobal?: { createdAt: number };
  /** The replicas' own settings (UpdateTable's ReplicaUpdates Create/Update), by region; the same on every member. */
  replicaSettings?: Record<string, ReplicaSettings>;
  /** Set on a table restored from a backup or a point in time. */
  restoreSummary?: { SourceBackupArn?: string; SourceTableArn?: string; RestoreDateTime: number };
  /** Set while a restore fills the table in chunks (restore-fill.ts). */
  filling?: FillProgress;
}

/** The attributes every index entry carries: the table's keys and the index's keys. */
export function keyAttributeNames(table: TableMeta, index?: IndexMeta): string[] {
  const names = [table.hash.name];
  if (table.range) names.push(table.range.name);
  if (index) {
    if (!names.includes(index.hash.name)) names.push(index.hash.name);
    if (index.range && !names.includes(index.range.name)) names.push(index.range.name);
  }
  return names;
}

export function findIndex(table: TableMeta, name: string): IndexMeta | undefined {
  return table.indexes.find((i) => i.name === name);
}
