/**
 * ExportTableToPointInTime: the table as it was at ExportTime (from the PITR history) written to
 * S3 in AWS's documented layout — `<prefix>/AWSDynamoDB/<ExportId>/` with `_started`,
 * `manifest-summary.json`, `manifest-files.json`, their `.md5` files and `data/*.json.gz` holding
 * one `{"Item":{...}}` per line (FULL_EXPORT), or `{"Metadata":…,"Keys":…,"NewImage":…,"OldImage":…}`
 * per changed item (INCREMENTAL_EXPORT) — so ETL code written against AWS's output parses it;
 * ExportFormat ION writes the same records as `$ion_1_0 {...}` lines in `data/*.ion.gz` (ion.ts).
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip as gzipCallback, constants } from "node:zlib";
import type { RequestContext } from "../../core/context.js";
import type { ObjectWriter } from "../../core/ports.js";
import type { Item } from "../attribute-value.js";
import type { DynamoState } from "../state.js";
import type { TableMeta } from "../table-meta.js";
import { dataFileName } from "./ids.js";
import { ionItemLine, ionStruct } from "./ion.js";

export interface ExportRequest {
  table: TableMeta;
  arn: string;
  bucket: string;
  prefix?: string;
  exportTime: number;
  type: "FULL_EXPORT" | "INCREMENTAL_EXPORT";
  from?: number;
  to?: number;
  viewType?: string;
  format: "DYNAMODB_JSON" | "ION";
}

const md5 = (b: Buffer | string): string => createHash("md5").update(b).digest("base64");
const gzipAsync = promisify(gzipCallback);
/** zlib's thread pool compresses a data file while the next is read; level 1: a fraction of the time of 6. */
const gzip = (text: string): Promise<Buffer> => gzipAsync(text, { level: constants.Z_BEST_SPEED });
/** At most this many items per data file (AWS splits large exports into several files). */
const ITEMS_PER_FILE = 100_000;

/**
 * The data files' lines, one file's worth at a time: a FULL_EXPORT reads the items at ExportTime
 * in key order, a file per read (requests run between reads); an incremental export in one read.
 */
function* fileLines(st: DynamoState, r: ExportRequest): Generator<string[]> {
  if (r.type === "INCREMENTAL_EXPORT") {
    yield changes(st, r);
    return;
  }
  let after: { pk: Buffer; sk: Buffer } = { pk: Buffer.alloc(0), sk: Buffer.alloc(0) };
  for (;;) {
    const rows = st.backups.itemsAt.all(r.table.id, r.exportTime, after.pk, after.sk, ITEMS_PER_FILE);
    if (rows.length) after = rows[rows.length - 1]!;
    yield rows.map(r.format === "ION" ? (row) => ionItemLine(row.item) : (row) => `{"Item":${row.item}}\n`);
    if (rows.length < ITEMS_PER_FILE) return;
  }
}

function changes(st: DynamoState, r: ExportRequest): string[] {
  const out: string[] = [];
  for (const row of st.backups.changesBetween.all({ tid: r.table.id, from: r.from!, to: r.to! })) {
    const keysOf = (item: Item): Item => Object.fromEntries(r.table.keySchema.map((k) => [k.AttributeName, item[k.AttributeName]!]));
    const newItem = row.new_item ? (JSON.parse(row.new_item) as Item) : undefined;
    const oldItem = row.old_item ? (JSON.parse(row.old_item) as Item) : undefined;
    const keys = keysOf((newItem ?? oldItem)!);
    const withOld = oldItem !== undefined && r.viewType !== "NEW_IMAGE";
    if (r.format === "ION") {
      const images = `${newItem ? `,NewImage:${ionStruct(newItem)}` : ""}${withOld ? `,OldImage:${ionStruct(oldItem)}` : ""}`;
      out.push(`$ion_1_0 {Metadata:{WriteTimestampMicros:${row.at * 1000}},Keys:${ionStruct(keys)}${images}}\n`);
      continue;
    }
    const record: Record<string, unknown> = { Metadata: { WriteTimestampMicros: { N: String(row.at * 1000) } }, Keys: keys };
    if (newItem) record.NewImage = newItem;
    if (withOld) record.OldImage = oldItem;
    out.push(`${JSON.stringify(record)}\n`);
  }
  return out;
}

export async function writeExport(ctx: RequestContext, st: DynamoState, writer: ObjectWriter, r: ExportRequest, exportId: string): Promise<{ itemCount: number; bytes: number; manifestKey: string }> {
  const base = `${r.prefix ? `${r.prefix.replace(/\/$/, "")}/` : ""}AWSDynamoDB/${exportId}`;
  await writer.putObject(ctx, r.bucket, `${base}/_started`, Buffer.alloc(0));
  const files: string[] = [];
  let bytes = 0;
  let itemCount = 0;
  let previous: Promise<void> = Promise.resolve();
  for (const lines of fileLines(st, r)) {
    if (lines.length === 0 && files.length + itemCount > 0) break;
    itemCount += lines.length;
    const body = gzip(lines.join(""));
    // Files are written in order; one is compressed while the one before is stored.
    const written = previous.then(async () => {
      const data = await body;
      bytes += data.length;
      const key = `${base}/data/${dataFileName()}.${r.format === "ION" ? "ion" : "json"}.gz`;
      const { eTag } = await writer.putObject(ctx, r.bucket, key, data, "application/x-gzip");
      files.push(JSON.stringify({ itemCount: lines.length, md5Checksum: md5(data), etag: eTag.replace(/"/g, ""), dataFileS3Key: key }));
    });
    await previous;
    previous = written;
    if (lines.length === 0) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await previous;
  const manifestFiles = files.map((f) => `${f}\n`).join("");
  const manifestKey = `${base}/manifest-files.json`;
  await writer.putObject(ctx, r.bucket, manifestKey, Buffer.from(manifestFiles), "application/json");
  await writer.putObject(ctx, r.bucket, `${base}/manifest-files.md5`, Buffer.from(md5(manifestFiles)));
  const iso = (ms: number): string => new Date(ms).toISOString();
  const summary = JSON.stringify({
    version: "2020-06-30",
    exportArn: r.arn,
    startTime: iso(ctx.clock.now()),
    endTime: iso(ctx.clock.now()),
    tableArn: r.table.arn,
    tableId: r.table.tableId,
    exportTime: iso(r.exportTime),
    s3Bucket: r.bucket,
    s3Prefix: r.prefix ?? null,
    s3SseAlgorithm: "AES256",
    s3SseKmsKeyId: null,
    manifestFilesS3Key: manifestKey,
    billedSizeBytes: bytes,
    itemCount,
    outputFormat: r.format,
    exportType: r.type,
  });
  await writer.putObject(ctx, r.bucket, `${base}/manifest-summary.json`, Buffer.from(summary), "application/json");
  await writer.putObject(ctx, r.bucket, `${base}/manifest-summary.md5`, Buffer.from(md5(summary)));
  return { itemCount, bytes, manifestKey };
}
