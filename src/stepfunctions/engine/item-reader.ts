/**
 * Distributed Map's ItemReader: `s3:getObject` through S3's ObjectReader port (a JSON array, JSON
 * Lines, or CSV with the first row or given headers) and `s3:listObjectsV2` through its
 * ObjectWriter port (one item per object). Failures are States.ItemReaderFailed.
 */
import { evaluateTemplate } from "../asl/jsonata.js";
import { isObject, type Json, type JsonObject } from "../asl/json.js";
import { StatesError } from "../asl/states-error.js";
import { applyTemplate } from "../asl/template.js";
import { isJsonata, jsonataScope, pathScope, type StateCtx } from "./io.js";

function readerFailed(cause: string): StatesError {
  return new StatesError("States.ItemReaderFailed", cause);
}

export async function readItems(ctx: StateCtx, raw: Json, effective: Json): Promise<Json[]> {
  const reader = ctx.state.ItemReader as JsonObject;
  const resource = String(reader.Resource ?? "");
  const config = isObject(reader.ReaderConfig) ? reader.ReaderConfig : {};
  const template = isJsonata(ctx) ? reader.Arguments : reader.Parameters;
  const params = isJsonata(ctx)
    ? await evaluateTemplate(template ?? {}, jsonataScope(ctx, { input: raw }), "ItemReader")
    : applyTemplate(template ?? {}, pathScope(ctx, effective));
  if (!isObject(params) || typeof params.Bucket !== "string") throw readerFailed("The ItemReader needs a Bucket");
  if (/:s3:listObjectsV2$/.test(resource)) return listedItems(ctx, params.Bucket, typeof params.Prefix === "string" ? params.Prefix : "", config);
  if (!/:s3:getObject$/.test(resource)) throw readerFailed(`The ItemReader resource ${resource} is not supported by local-aws (use s3:getObject or s3:listObjectsV2)`);
  if (typeof params.Key !== "string") throw readerFailed("The ItemReader needs a Key");
  const objects = await ctx.frame.run.services.objects();
  let body: string;
  try {
    body = (await objects.getObject({ accountId: ctx.frame.run.info.accountId, region: ctx.frame.run.info.region }, params.Bucket, params.Key)).toString("utf8");
  } catch (err) {
    throw readerFailed(`Could not read s3://${params.Bucket}/${params.Key}: ${(err as Error).message}`);
  }
  const type = config.InputType ?? "JSON";
  let items: Json[];
  try {
    if (type === "JSON") {
      const parsed = JSON.parse(body) as Json;
      if (!Array.isArray(parsed)) throw new Error("the object is not a JSON array");
      items = parsed;
    } else if (type === "JSONL") items = body.split(/\r?\n/).filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as Json);
    else if (type === "CSV") items = csvItems(body, config);
    else throw new Error(`InputType ${String(type)} is not supported`);
  } catch (err) {
    throw readerFailed((err as Error).message);
  }
  const max = typeof config.MaxItems === "number" ? config.MaxItems : undefined;
  return max !== undefined && max > 0 ? items.slice(0, max) : items;
}

/** One item per object, as AWS lists them: `{ Etag, Key, LastModified (epoch seconds), Size, StorageClass }`. */
async function listedItems(ctx: StateCtx, bucket: string, prefix: string, config: JsonObject): Promise<Json[]> {
  const info = ctx.frame.run.info;
  let objects;
  try {
    objects = await ctx.frame.run.services.listObjects({ accountId: info.accountId, region: info.region }, bucket, prefix);
  } catch (err) {
    throw readerFailed(`Could not list s3://${bucket}/${prefix}: ${(err as Error).message}`);
  }
  const items: Json[] = objects.map((o) => ({
    ...(o.etag !== undefined ? { Etag: o.etag } : {}),
    Key: o.key,
    ...(o.lastModified !== undefined ? { LastModified: Math.floor(o.lastModified / 1000) } : {}),
    Size: o.size,
    StorageClass: "STANDARD",
  }));
  const max = typeof config.MaxItems === "number" ? config.MaxItems : undefined;
  return max !== undefined && max > 0 ? items.slice(0, max) : items;
}

function csvItems(body: string, config: JsonObject): Json[] {
  const rows = parseCsv(body);
  let headers: string[];
  if (config.CSVHeaderLocation === "GIVEN") {
    if (!Array.isArray(config.CSVHeaders)) throw new Error("CSVHeaders are required when CSVHeaderLocation is GIVEN");
    headers = config.CSVHeaders.map(String);
  } else headers = rows.shift() ?? [];
  return rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ""])));
}

/** RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends; blank lines skipped. */
function parseCsv(text: string): string[][] {
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
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      if (row.length > 1 || row[0] !== "") rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  row.push(field);
  if (row.length > 1 || row[0] !== "") rows.push(row);
  return rows;
}
