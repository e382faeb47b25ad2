/**
 * ImportTable: a new table created from TableCreationParameters and filled from every object
 * under the S3 prefix, in chunks of records between requests (one transaction each). Each record
 * gets PutItem's item checks (bulk-load.ts); one that fails is counted in ErrorCount and logged to
 * CloudWatch Logs (`/aws-dynamodb/imports`), the others are kept, and the import then ends FAILED
 * with ItemValidationError, as AWS ends it.
 */
import type { RequestContext } from "../../core/context.js";
import type { TableMeta } from "../table-meta.js";
import { loadItem } from "./bulk-load.js";
import { csvRecords, decompress, dynamoJsonRecords, SourceError, type SourceRecord } from "./import-formats.js";
import type { DynamoState } from "../state.js";

export interface ImportSource {
  bucket: string;
  prefix: string;
  format: string;
  compression?: string;
  csv?: { Delimiter?: string; HeaderList?: string[] };
}

export interface ImportOutcome {
  processed: number;
  imported: number;
  errors: number;
  bytes: number;
  failure?: { code: string; message: string };
}

export const IMPORT_LOG_GROUP = "/aws-dynamodb/imports";

export async function runImport(st: DynamoState, ctx: RequestContext, table: TableMeta, importArn: string, source: ImportSource): Promise<ImportOutcome> {
  const out: ImportOutcome = { processed: 0, imported: 0, errors: 0, bytes: 0 };
  const writer = await ctx.ports.get("ObjectWriter");
  const reader = await ctx.ports.get("ObjectReader");
  if (!(await writer.bucketExists(ctx, source.bucket))) return { ...out, failure: { code: "S3NoSuchBucket", message: `The specified bucket does not exist (Service: Amazon S3; Status Code: 404; Error Code: NoSuchBucket)` } };
  const logs: string[] = [];
  const generation = ctx.store.generation;
  for (const object of await writer.listObjects(ctx, source.bucket, source.prefix)) {
    if (object.key.endsWith("/")) continue;
    let text: string;
    try {
      text = (await decompress(await reader.getObject(ctx, source.bucket, object.key), source.compression)).toString("utf8");
    } catch (e) {
      return { ...out, failure: { code: "InvalidInputData", message: e instanceof SourceError ? e.message : `Unable to read ${object.key}: ${String(e)}` } };
    }
    const records: Iterable<SourceRecord> =
      source.format === "CSV" ? csvRecords(text, source.csv?.Delimiter ?? ",", source.csv?.HeaderList, table) : source.format === "ION" ? (await import("./ion-read.js")).ionRecords(text) : dynamoJsonRecords(text);
    const next = records[Symbol.iterator]();
    let index = 0;
    let done = false;
    const chunk = (): void => {
      for (let n = 0; n < st.config.bulkChunkItems; n++) {
        const r = next.next();
        if (r.done) {
          done = true;
          return;
        }
        const record = r.value;
        out.processed++;
        out.bytes += record.bytes;
        const error = "error" in record ? record.error : loadItem(st, table, record.item);
        if (error === undefined) out.imported++;
        else {
          out.errors++;
          logs.push(JSON.stringify({ itemS3Pointer: { bucket: source.bucket, key: object.key, itemIndex: index }, importArn, errorMessages: [error] }));
        }
        index++;
      }
    };
    while (!done) {
      if (!st.isOpen() || ctx.store.generation !== generation) return { ...out, failure: { code: "InternalServerError", message: "The server stopped during the import" } };
      ctx.store.txn(chunk);
      // Requests that came in meanwhile are answered between chunks.
      if (!done) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  if (logs.length) {
    const sink = await ctx.ports.get("LogSink").catch(() => undefined);
    const now = ctx.clock.now();
    sink?.put(ctx, IMPORT_LOG_GROUP, importArn.split("/").pop()!, logs.map((message) => ({ timestamp: now, message })));
    out.failure = { code: "ItemValidationError", message: "Some of the items failed validation checks and were not imported. Please check CloudWatch error logs for more details." };
  }
  return out;
}
