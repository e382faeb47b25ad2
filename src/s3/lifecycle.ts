/**
 * Bucket lifecycle rules applied on the server's clock: current versions expire (Days, rounded up
 * to the next midnight UTC as S3 computes it, or a Date), noncurrent versions after
 * NoncurrentDays, incomplete multipart uploads after DaysAfterInitiation; Transitions and
 * NoncurrentVersionTransitions move versions to colder storage classes (never warmer). An hourly durable job
 * sweeps every bucket with a configuration; PUT/GET/HEAD name the expiry in `x-amz-expiration`.
 */
import { asList } from "../core/protocols/xml.js";
import type { ServiceEnv } from "../core/service.js";
import { serviceContext } from "../core/service-context.js";
import { findBucket, getConfig } from "./buckets.js";
import { deleteObject } from "./objects.js";
import type { ObjectRow } from "./store.js";
import type { S3Ctx, S3Scope, S3State } from "./state.js";
import { tagsOf } from "./objects.js";
import { afterDays } from "./restore.js";

export const LIFECYCLE_JOB = "lifecycle-sweep";
const SWEEP_MS = 3_600_000;

interface Filter {
  Prefix?: string;
  Tag?: { Key?: string; Value?: string };
  And?: { Prefix?: string; Tag?: unknown };
  ObjectSizeGreaterThan?: string;
  ObjectSizeLessThan?: string;
}

interface Rule {
  ID?: string;
  Status?: string;
  Prefix?: string;
  Filter?: Filter;
  Expiration?: { Days?: string; Date?: string; ExpiredObjectDeleteMarker?: string };
  NoncurrentVersionExpiration?: { NoncurrentDays?: string };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation?: string };
  Transition?: unknown;
  NoncurrentVersionTransition?: unknown;
}

interface Transition {
  Days?: string;
  Date?: string;
  NoncurrentDays?: string;
  StorageClass?: string;
}

/** Storage classes from warmest to coldest: lifecycle rules only move objects colder. */
const COLDNESS: Record<string, number> = {
  STANDARD: 0, REDUCED_REDUNDANCY: 0, STANDARD_IA: 1, INTELLIGENT_TIERING: 1, ONEZONE_IA: 2, GLACIER_IR: 3, GLACIER: 4, DEEP_ARCHIVE: 5,
};

/** The coldest class the rules' due transitions move a version to, if colder than it is now. */
function transitionDue(rules: Rule[], row: ObjectRow, since: number | undefined, now: number): string | undefined {
  let target: string | undefined;
  for (const rule of rules) {
    if (!matches(rule, row)) continue;
    const list = row.latest ? asList<Transition>(rule.Transition) : asList<Transition>(rule.NoncurrentVersionTransition);
    for (const t of list) {
      let at: number | undefined;
      if (row.latest) at = t.Days !== undefined ? afterDays(row.last_modified, Number(t.Days)) : t.Date !== undefined ? Date.parse(t.Date) : undefined;
      else if (since !== undefined && t.NoncurrentDays !== undefined) at = afterDays(since, Number(t.NoncurrentDays));
      const cls = t.StorageClass;
      if (at === undefined || at > now || cls === undefined || COLDNESS[cls] === undefined) continue;
      if ((COLDNESS[cls] ?? 0) > (COLDNESS[target ?? row.storage_class] ?? 0)) target = cls;
    }
  }
  return target;
}

export function rulesOf(doc: unknown): Rule[] {
  const rules = asList<Rule>((doc as { Rule?: unknown } | undefined)?.Rule);
  return rules.filter((r) => r.Status === "Enabled");
}

function matches(rule: Rule, row: Pick<ObjectRow, "key" | "size" | "tags">): boolean {
  const f = rule.Filter ?? {};
  const prefix = f.And?.Prefix ?? f.Prefix ?? rule.Prefix ?? "";
  if (!row.key.startsWith(prefix)) return false;
  const wanted = [...asList<{ Key?: string; Value?: string }>(f.And?.Tag), ...(f.Tag ? [f.Tag] : [])];
  if (wanted.length) {
    const tags = tagsOf(row);
    if (!wanted.every((w) => tags.some((t) => t.Key === w.Key && t.Value === w.Value))) return false;
  }
  if (f.ObjectSizeGreaterThan !== undefined && !(row.size > Number(f.ObjectSizeGreaterThan))) return false;
  if (f.ObjectSizeLessThan !== undefined && !(row.size < Number(f.ObjectSizeLessThan))) return false;
  return true;
}


function expiryOf(rule: Rule, lastModified: number): number | undefined {
  const e = rule.Expiration;
  if (e?.Days !== undefined) return afterDays(lastModified, Number(e.Days));
  if (e?.Date !== undefined) return Date.parse(e.Date);
  return undefined;
}

/** The `x-amz-expiration` header of a current object, when a rule will expire it. */
export function expirationHeader(scope: S3Scope, bucket: string, row: Pick<ObjectRow, "key" | "size" | "tags" | "last_modified">): string | undefined {
  const doc = getConfig<unknown>(scope, bucket, "lifecycle");
  if (!doc) return undefined;
  for (const rule of rulesOf(doc)) {
    const at = expiryOf(rule, row.last_modified);
    if (at !== undefined && matches(rule, row)) return `expiry-date="${new Date(at).toUTCString()}", rule-id="${rule.ID ?? ""}"`;
  }
  return undefined;
}

export function sweepLifecycle(env: ServiceEnv, state: S3State): void {
  const now = env.clock.now();
  const sql = state.sql;
  const scope: S3Scope = { s3: state };
  const buckets = env.store.stmt<{ bucket: string }>("SELECT bucket FROM s3_bucket_config WHERE kind = 'lifecycle'").all();
  for (const { bucket: name } of buckets) {
    const bucket = findBucket(scope, name);
    if (!bucket) continue;
    const rules = rulesOf(getConfig<unknown>(scope, name, "lifecycle"));
    if (!rules.length) continue;
    const ctx: S3Ctx = Object.assign(serviceContext(env, bucket.account, bucket.region, "LifecycleExpiration"), scope);
    const versions = sql.listVersions.all(name, "");
    for (let i = 0; i < versions.length; i++) {
      const row = versions[i]!;
      // Rows come newest first per key: the one before a noncurrent version replaced it.
      const successor = i > 0 && versions[i - 1]!.key === row.key ? versions[i - 1] : undefined;
      let gone = false;
      for (const rule of rules) {
        if (!matches(rule, row)) continue;
        if (row.latest && !row.delete_marker) {
          const at = expiryOf(rule, row.last_modified);
          if (at !== undefined && at <= now) {
            deleteObject(ctx, bucket, row.key, undefined);
            gone = true;
            break;
          }
        } else if (!row.latest && successor && rule.NoncurrentVersionExpiration?.NoncurrentDays !== undefined) {
          if (afterDays(successor.last_modified, Number(rule.NoncurrentVersionExpiration.NoncurrentDays)) <= now) {
            deleteObject(ctx, bucket, row.key, row.version_id);
            gone = true;
            break;
          }
        } else if (row.latest && row.delete_marker && rule.Expiration?.ExpiredObjectDeleteMarker === "true" && !versions.some((v) => v.key === row.key && v !== row)) {
          deleteObject(ctx, bucket, row.key, row.version_id);
          gone = true;
          break;
        }
      }
      if (gone || row.delete_marker) continue;
      const target = transitionDue(rules, row, successor?.last_modified, now);
      if (target) sql.setStorageClass.run(target, row.id);
    }
    for (const upload of sql.uploadsOf.all(name)) {
      const rule = rules.find((r) => r.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined && upload.key.startsWith(r.Filter?.Prefix ?? r.Prefix ?? ""));
      if (rule && afterDays(upload.initiated, Number(rule.AbortIncompleteMultipartUpload!.DaysAfterInitiation)) <= now) {
        const parts = sql.parts.all(upload.upload_id);
        env.store.txn(() => {
          sql.deleteParts.run(upload.upload_id);
          sql.deleteUpload.run(upload.upload_id);
        });
        for (const p of parts) if (p.blob) env.blobs.release(p.blob, env.store.hasSnapshots());
      }
    }
  }
}

/** Keeps one hourly sweep pending (a job survives restarts; it re-arms itself). */
export function armLifecycle(env: ServiceEnv): void {
  if (env.jobs.pending(LIFECYCLE_JOB).length === 0) env.jobs.schedule(LIFECYCLE_JOB, {}, { key: "sweep", delayMs: SWEEP_MS });
}
