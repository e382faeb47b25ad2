/**
 * ExportTableToPointInTime: the table as it was at ExportTime (from the PITR history) written to
 * S3 in AWS's documented layout — `<prefix>/AWSDynamoDB/<ExportId>/` with `_started`,
 * `manifest-summary.json`, `manifest-files.json`, their `.md5` files and `data/*.json.gz` holding
 * one `{"Item":{...}}` per line (FULL_EXPORT), or `{"Metadata":…,"Keys":…,"NewImage":…,"OldImage":…}`
 * per changed item (INCREMENTAL_EXPORT) — so ETL code written against AWS's output parses it.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { RequestContext } from "../../core/context.js";
import type { ObjectWriter } from "../../core/ports.js";
import type { Item } from "../attribute-value.js";
import type { DynamoState } from "../state.js";
import type { TableMeta } from "../table-meta.js";
import { dataFileName } from "./ids.js";

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
}

const md5 = (b: Buffer | string): string => createHash("md5").update(b).digest("base64");
/** At most this many items per data file (AWS splits large exports into several files). */
const ITEMS_PER_FILE = 100_000;

function lines(st: DynamoState, r: ExportRequest): string[] {
  if (r.type === "FULL_EXPORT") return st.backups.itemsAt.all(r.table.id, r.exportTime).map((row) => `{"Item":${row.item}}`);
  const out: string[] = [];
  for (const row of st.backups.changesBetween.all({ tid: r.table.id, from: r.from!, to: r.to! })) {
    const keysOf = (item: Item): Item => Object.fromEntries(r.table.keySchema.map((k) => [k.AttributeName, item[k.AttributeName]!]));
    const newItem = row.new_item ? (JSON.parse(row.new_item) as Item) : undefined;
    const oldItem = row.old_item ? (JSON.parse(row.old_item) as Item) : undefined;
    const keys = keysOf((newItem ?? oldItem)!);
    const record: Record<string, unknown> = { Metadata: { WriteTimestampMicros: { N: String(row.at * 1000) } }, Keys: keys };
    if (newItem) record.NewImage = newItem;
    if (oldItem && r.viewType !== "NEW_IMAGE") record.OldImage = oldItem;
    out.push(JSON.stringify(record));
  }
  return out;
}

export async function writeExport(ctx: RequestContext, st: DynamoState, writer: ObjectWriter, r: ExportRequest, exportId: string): Promise<{ itemCount: number; bytes: number; manifestKey: string }> {
  const base = `${r.prefix ? `${r.prefix.replace(/\/$/, "")}/` : ""}AWSDynamoDB/${exportId}`;
  await writer.putObject(ctx, r.bucket, `${base}/_started`, Buffer.alloc(0));
  const all = lines(st, r);
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < all.length || (i === 0 && files.length === 0); i += ITEMS_PER_FILE) {
    const chunk = all.slice(i, i + ITEMS_PER_FILE);
    const body = gzipSync(chunk.map((l) => `${l}\n`).join(""));
    bytes += body.length;
    const key = `${base}/data/${dataFileName()}.json.gz`;
    const { eTag } = await writer.putObject(ctx, r.bucket, key, body, "application/x-gzip");
    files.push(JSON.stringify({ itemCount: chunk.length, md5Checksum: md5(body), etag: eTag.replace(/"/g, ""), dataFileS3Key: key }));
    if (all.length === 0) break;
  }
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
    itemCount: all.length,
    outputFormat: "DYNAMODB_JSON",
    exportType: r.type,
  });
  await writer.putObject(ctx, r.bucket, `${base}/manifest-summary.json`, Buffer.from(summary), "application/json");
  await writer.putObject(ctx, r.bucket, `${base}/manifest-summary.md5`, Buffer.from(md5(summary)));
  return { itemCount: all.length, bytes, manifestKey };
}
