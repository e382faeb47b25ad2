/**
 * S3 object keys as Firehose names them: `<prefix><YYYY/MM/dd/HH/><stream>-<version>-<YYYY-MM-dd-HH-mm-ss>-<uuid><ext>`.
 * A prefix with `!{timestamp:<pattern>}` or `!{firehose:…}` expressions is evaluated instead and gets
 * no time folder. Times are the oldest buffered record's arrival, in CustomTimeZone (default UTC).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { DeliveryStreamMeta } from "./model.js";

interface Parts {
  yyyy: string;
  MM: string;
  dd: string;
  HH: string;
  mm: string;
  ss: string;
  SSS: string;
}

function parts(ms: number, timeZone: string | undefined): Parts {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone: timeZone ?? "UTC",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { yyyy: p.year!, MM: p.month!, dd: p.day!, HH: p.hour!, mm: p.minute!, ss: p.second!, SSS: String(ms % 1000).padStart(3, "0") };
}

/** The Java DateTimeFormatter letters Firehose's prefixes use; anything else is kept as written. */
function formatPattern(pattern: string, p: Parts): string {
  return pattern.replace(/yyyy|yy|MM|dd|HH|mm|ss|SSS|'([^']*)'/g, (token, quoted: string | undefined) => {
    if (quoted !== undefined) return quoted;
    if (token === "yy") return p.yyyy.slice(2);
    return p[token as keyof Parts];
  });
}

const EXPRESSION = /!\{(timestamp|firehose):([^}]*)\}/g;

export function hasExpressions(prefix: string): boolean {
  return /!\{(timestamp|firehose):/.test(prefix);
}

export function evaluatePrefix(prefix: string, at: number, timeZone: string | undefined, errorType?: string): string {
  const p = parts(at, timeZone);
  return prefix.replace(EXPRESSION, (_all, namespace: string, arg: string) => {
    if (namespace === "timestamp") return formatPattern(arg, p);
    if (arg === "random-string") return randomBytes(8).toString("base64url").slice(0, 11);
    if (arg === "error-output-type") return errorType ?? "processing-failed";
    return "";
  });
}

/** `partitioned`: a dynamically partitioned prefix (its keys already substituted) gets no time folder either. */
export function objectKey(meta: DeliveryStreamMeta, at: number, options: { prefix: string | undefined; errorType?: string; gzip: boolean; partitioned?: boolean }): string {
  const d = meta.destination;
  const p = parts(at, d.CustomTimeZone);
  const raw = options.prefix ?? "";
  const folder = hasExpressions(raw) || options.partitioned ? evaluatePrefix(raw, at, d.CustomTimeZone, options.errorType) : `${raw}${p.yyyy}/${p.MM}/${p.dd}/${p.HH}/`;
  const stamp = `${p.yyyy}-${p.MM}-${p.dd}-${p.HH}-${p.mm}-${p.ss}`;
  const extension = `${d.FileExtension ?? ""}${options.gzip && !(d.FileExtension ?? "").endsWith(".gz") ? ".gz" : ""}`;
  return `${folder}${meta.name}-${meta.version}-${stamp}-${randomUUID()}${extension}`;
}
