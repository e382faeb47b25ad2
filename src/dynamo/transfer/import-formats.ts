/** Reading an import's source objects: decompression and the three input formats. */
import { promisify } from "node:util";
import * as zlib from "node:zlib";
import type { AttributeValue, Item } from "../attribute-value.js";
import type { TableMeta } from "../table-meta.js";

export class SourceError extends Error {}

const gunzip = promisify(zlib.gunzip);

/** Off the event loop (zlib's thread pool) for GZIP: requests go on while a large object inflates. */
export async function decompress(body: Buffer, compression: string | undefined): Promise<Buffer> {
  if (compression === "GZIP") return gunzip(body);
  if (compression === "ZSTD") {
    // Node gained zstd in 22.15; on older Node the import fails rather than guessing.
    const zstd = (zlib as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync;
    if (!zstd) throw new SourceError("ZSTD input needs Node.js 22.15 or later in local-aws");
    return zstd(body);
  }
  return body;
}

/** One source line or row: the item it holds, or why it does not hold one. */
export type SourceRecord = { item: Item; bytes: number } | { error: string; bytes: number };

export function* dynamoJsonRecords(text: string): Generator<SourceRecord> {
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const bytes = Buffer.byteLength(line);
    try {
      const parsed = JSON.parse(line) as { Item?: unknown };
      if (parsed === null || typeof parsed !== "object" || typeof parsed.Item !== "object" || parsed.Item === null) yield { error: "Unexpected format: the line does not hold an Item", bytes };
      else yield { item: parsed.Item as Item, bytes };
    } catch {
      yield { error: "Unexpected token: the line is not valid JSON", bytes };
    }
  }
}

/** RFC 4180 fields with the given delimiter (quotes double to escape; rows may span lines in quotes). */
function csvRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

/** CSV: key attributes typed as the table defines them, every other value a string (as AWS imports). */
export function* csvRecords(text: string, delimiter: string, headerList: string[] | undefined, table: TableMeta): Generator<SourceRecord> {
  const rows = csvRows(text, delimiter);
  const header = headerList ?? rows.shift() ?? [];
  const types = new Map(table.attributeDefinitions.map((d) => [d.AttributeName, d.AttributeType]));
  for (const row of rows) {
    const bytes = Buffer.byteLength(row.join(delimiter));
    if (row.length > header.length) {
      yield { error: `The row has ${row.length} fields; the header names ${header.length}`, bytes };
      continue;
    }
    const item: Item = {};
    row.forEach((value, i) => {
      if (value === "") return;
      const type = types.get(header[i]!) ?? "S";
      item[header[i]!] = { [type]: value } as AttributeValue;
    });
    yield { item, bytes };
  }
}
