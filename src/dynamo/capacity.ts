/**
 * DynamoDB's capacity arithmetic: reads in 4 KB units (halved when eventually consistent),
 * writes in 1 KB units, transactions doubled, index writes counted per index.
 */
import type { TableMeta } from "./table-meta.js";

export type CapacityMode = "NONE" | "TOTAL" | "INDEXES";

export const readUnits = (bytes: number, consistent: boolean): number => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));

interface Units {
  units: number;
}

export class Consumed {
  table = 0;
  readonly gsi = new Map<string, Units>();
  readonly lsi = new Map<string, Units>();
  constructor(
    readonly meta: TableMeta,
    readonly kind: "read" | "write",
    /** Counted against the table's provisioned throughput (opt-in enforcement). */
    readonly metered = false,
  ) {}

  addIndex(name: string, kind: "GSI" | "LSI", units: number): void {
    const map = kind === "GSI" ? this.gsi : this.lsi;
    const u = map.get(name);
    if (u) u.units += units;
    else map.set(name, { units });
  }

  scale(factor: number): void {
    this.table *= factor;
    for (const u of this.gsi.values()) u.units *= factor;
    for (const u of this.lsi.values()) u.units *= factor;
  }

  total(): number {
    let t = this.table;
    for (const u of this.gsi.values()) t += u.units;
    for (const u of this.lsi.values()) t += u.units;
    return t;
  }

  /** `singleItem`: GetItem, PutItem, UpdateItem and DeleteItem report CapacityUnits only (no Read/WriteCapacityUnits), as DynamoDB does. */
  toWire(mode: CapacityMode | undefined, singleItem = false): Record<string, unknown> | undefined {
    if (mode !== "TOTAL" && mode !== "INDEXES") return undefined;
    const unitKey = this.kind === "read" ? "ReadCapacityUnits" : "WriteCapacityUnits";
    const units = (n: number): Record<string, number> => (singleItem ? { CapacityUnits: n } : { CapacityUnits: n, [unitKey]: n });
    const out: Record<string, unknown> = { TableName: this.meta.name, ...units(this.total()) };
    if (mode === "INDEXES") {
      out.Table = units(this.table);
      const wire = (m: Map<string, Units>): Record<string, unknown> => Object.fromEntries([...m].map(([n, u]) => [n, units(u.units)]));
      if (this.gsi.size) out.GlobalSecondaryIndexes = wire(this.gsi);
      if (this.lsi.size) out.LocalSecondaryIndexes = wire(this.lsi);
    }
    return out;
  }
}
