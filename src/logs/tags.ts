/** Log group tags, shared by the old (TagLogGroup) and new (TagResource) tagging operations. */
import type { Scope } from "../core/events.js";
import { logsErrors } from "./errors.js";
import { findGroup, groupNameFromArn } from "./groups.js";
import type { GroupRow, LogsStore } from "./store.js";

const MAX_TAGS = 50;

export function readTags(row: GroupRow): Record<string, string> {
  return JSON.parse(row.tags) as Record<string, string>;
}

export function addTags(ls: LogsStore, row: GroupRow, tags: Record<string, string>, resourceName: string): void {
  const merged = { ...readTags(row), ...tags };
  if (Object.keys(merged).length > MAX_TAGS) throw logsErrors.tooManyTags(resourceName);
  ls.setTags.run(JSON.stringify(merged), row.id);
}

export function removeTags(ls: LogsStore, row: GroupRow, keys: string[]): void {
  const current = readTags(row);
  for (const k of keys) delete current[k];
  ls.setTags.run(JSON.stringify(current), row.id);
}

/** The log group a TagResource-family ARN names (only log groups are taggable here). */
export function groupByArn(ls: LogsStore, scope: Scope, arn: string): GroupRow {
  const name = groupNameFromArn(scope, arn);
  const row = name === undefined ? undefined : findGroup(ls, scope, name);
  if (!row) throw logsErrors.groupNotFound();
  return row;
}
