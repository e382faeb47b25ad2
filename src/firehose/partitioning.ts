/**
 * Dynamic partitioning: partition keys from a record's JSON by the MetadataExtraction processor's
 * jq query (`{customer: .customer_id, year: .ts.year}`: the object-of-paths form AWS's examples
 * use; other jq is refused when the delivery stream is created) or from a Lambda transformation's
 * `metadata.partitionKeys`, and the prefix's `!{partitionKeyFromQuery:k}` / `!{partitionKeyFromLambda:k}`
 * evaluated with them.
 */
import type { Processor, S3Destination } from "./model.js";
import { parameter } from "./model.js";

export type KeyQuery = [name: string, path: string[]][];

/** Parses `{name: .a.b, other: .c}` (names bare or quoted; paths of `.field` or `."field"` steps). */
export function parseKeyQuery(query: string): KeyQuery | undefined {
  const body = /^\s*\{([\s\S]*)\}\s*$/.exec(query)?.[1];
  if (body === undefined) return undefined;
  const out: KeyQuery = [];
  for (const entry of body.split(",")) {
    const m = /^\s*("?)([A-Za-z_][\w-]*)\1\s*:\s*((?:\.(?:[A-Za-z_]\w*|"[^"]+"))+)\s*$/.exec(entry);
    if (!m) return undefined;
    const path = [...m[3]!.matchAll(/\.(?:([A-Za-z_]\w*)|"([^"]+)")/g)].map((s) => s[1] ?? s[2]!);
    out.push([m[2]!, path]);
  }
  return out.length > 0 ? out : undefined;
}

export function dynamicPartitioning(d: S3Destination): boolean {
  return d.DynamicPartitioningConfiguration?.Enabled === true;
}

export function extractionQuery(d: S3Destination): KeyQuery | undefined {
  const processors = d.ProcessingConfiguration?.Enabled ? (d.ProcessingConfiguration.Processors ?? []) : [];
  const p = processors.find((x: Processor) => x.Type === "MetadataExtraction");
  const query = p && parameter(p, "MetadataExtractionQuery");
  return query ? parseKeyQuery(query) : undefined;
}

/** A record's keys by the query; undefined when it is not JSON or a key is missing or not a scalar. */
export function keysFromQuery(query: KeyQuery, data: Buffer): Record<string, string> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data.toString("utf8"));
  } catch {
    return undefined;
  }
  const keys: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, path] of query) {
    let v: unknown = value;
    for (const step of path) v = v !== null && typeof v === "object" && Object.hasOwn(v, step) ? (v as Record<string, unknown>)[step] : undefined;
    if (v === undefined || v === null || typeof v === "object") return undefined;
    keys[name] = String(v);
  }
  return keys;
}

const KEY_EXPRESSION = /!\{(partitionKeyFromQuery|partitionKeyFromLambda):([^}]*)\}/g;

/** The prefix with its partition-key expressions replaced; undefined when a key it names is missing. */
export function withPartitionKeys(prefix: string, fromQuery: Record<string, string> | undefined, fromLambda: Record<string, string> | undefined): string | undefined {
  let missing = false;
  const out = prefix.replace(KEY_EXPRESSION, (_all, namespace: string, name: string) => {
    const value = (namespace === "partitionKeyFromQuery" ? fromQuery : fromLambda)?.[name];
    if (value === undefined) missing = true;
    return value ?? "";
  });
  return missing ? undefined : out;
}
